// The public surface of compliance/: crypto (envelope encryption, keyring, blind index), audit
// (Merkle log, checkpoints, proofs, export, verify) and privacy (masking, erasure, retention,
// consent). It depends on no other area of Custos.
export {};
