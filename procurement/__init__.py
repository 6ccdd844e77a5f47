"""The defence-procurement tracker app: entities, programmes, claims, articles and mentions."""
