// The public surface of integrations/: adapters for external systems (FHIR, HL7 v2, OneRoster,
// LTI, SMS, WeChat) behind the ports that core/ declares. None is built yet.
export {};
