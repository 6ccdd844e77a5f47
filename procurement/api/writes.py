"""Saving plain records (entities, programmes, meetings, outcomes…) from API input.

Aliases, claims, reviews and articles have services of their own, and the API calls those. The
other records have no service yet (admin saves them through its ModelForm), so this one function
does for the API what the ModelForm does for admin: validate the whole model, including its
constraints, then save, then set many-to-many links, all in one transaction.
It belongs in procurement/services/records.py as `record_save`; it lives here until then
because the services package is not the API's to edit.
"""

from django.db import models, transaction


@transaction.atomic
def record_save(*, record: models.Model, data: dict) -> models.Model:
    """Apply `data` (model field name → value) to `record`, validate, save; returns the record.

    Raises django.core.exceptions.ValidationError (the API answers 400 with its messages).
    """
    links = {}
    for name, value in data.items():
        if record._meta.get_field(name).many_to_many:
            links[name] = value
        else:
            setattr(record, name, value)
    # An entity's kind is a fact of its class; Entity.save() sets it, but full_clean runs first.
    if getattr(record, "KIND", ""):
        record.kind = record.KIND
    record.full_clean()
    record.save()
    for name, values in links.items():
        getattr(record, name).set(values)
    return record
