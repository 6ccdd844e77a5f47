"""The versioned REST API (/api/v1/)."""
