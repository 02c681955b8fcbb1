"""One audit trail: the shape of every history entry, the catalogue of what can happen, the
writer every service calls and the reader every history page and the API use."""
