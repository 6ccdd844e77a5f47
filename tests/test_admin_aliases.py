"""Aliases typed in any admin page get their matching form, so search and the matcher find them."""

import pytest
from django.urls import reverse

from procurement.models import Alias
from procurement.text import fold_alias


def change_form_data(response) -> dict:
    """The change form as the browser would post it back, inline management forms included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for name, bound in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


def alias_prefix(response) -> str:
    return next(i.formset.prefix for i in response.context["inline_admin_formsets"]
                if i.formset.model is Alias)


@pytest.mark.parametrize("page", ["entity", "platform"])
def test_it_folds_an_alias_added_in_any_entity_page(editor_client, s400, page):
    """An alias added inline on the all-kinds Entity page is stored with its matching form,
    exactly as on the platform's own page, and search finds the entity by it."""
    url = reverse(f"admin:procurement_{page}_change", args=[s400.pk])
    data = change_form_data(editor_client.get(url))
    prefix = alias_prefix(editor_client.get(url))
    new = int(data[f"{prefix}-TOTAL_FORMS"]) - 1  # the one empty extra form
    data.update({f"{prefix}-{new}-text": "Триумф С–400", f"{prefix}-{new}-language": "ru",
                 f"{prefix}-{new}-kind": "common", f"{prefix}-{new}-matchable": "on"})

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    alias = Alias.objects.get(entity=s400, text="Триумф С–400")
    assert alias.folded == fold_alias("Триумф С–400") == "триумф с400"
    assert alias.script == "cyrl"
    found = editor_client.get(reverse("procurement:search"), {"q": "триумф с 400"})
    assert s400.name in found.content.decode()


def test_it_refuses_an_alias_of_only_dashes_in_the_entity_page(editor_client, s400):
    """An alias that folds to nothing is a form error on the page, not a server error."""
    url = reverse("admin:procurement_entity_change", args=[s400.pk])
    response = editor_client.get(url)
    data, prefix = change_form_data(response), alias_prefix(response)
    new = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update({f"{prefix}-{new}-text": "– –", f"{prefix}-{new}-kind": "common"})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert not Alias.objects.filter(entity=s400, text="– –").exists()
    assert "no letters or digits" in response.content.decode()


def test_it_refuses_an_alias_of_only_dashes_on_the_alias_page(editor_client, s400):
    """The aliases' own add page shows the same refusal as a form error."""
    response = editor_client.post(reverse("admin:procurement_alias_add"),
                                  {"entity": s400.pk, "text": "—", "kind": "common"})

    assert response.status_code == 200
    assert not Alias.objects.filter(text="—").exists()
    assert "no letters or digits" in response.content.decode()
