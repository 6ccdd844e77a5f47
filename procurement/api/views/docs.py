"""Operation summaries and descriptions for the schema, written for people who call the API."""

from drf_spectacular.utils import extend_schema, extend_schema_view

READ_NOTE = ("Open to anyone unless the server sets TRACKER_PUBLIC_READ=0, in which case any "
             "signed-in account (or token) may read.")
WRITE_NOTE = ("Needs an editor: a member of the `editors` group (or an administrator), signed in "
              "or sending `Authorization: Token <key>`.")
CSV_NOTE = ("`?format=csv` answers the same page as CSV: nested objects become dotted columns "
            "(`entity.slug`), lists one cell joined with `; `; the next page is in the `Link` "
            "header.")


def record_docs(*, noun: str, plural: str, key: str = "slug", about: str = "",
                writable: bool = True, create_examples=(), list_examples=(),
                retrieve_examples=()):
    """extend_schema_view for a list/detail(/create/update) resource addressed by `key`."""
    address = f"/api/v1/{plural}/{{{key}}}/"
    views = {
        "list": extend_schema(
            summary=f"List {plural}",
            description=f"{about}\n\n{READ_NOTE}\n\n{CSV_NOTE}".strip(),
            examples=list(list_examples)),
        "retrieve": extend_schema(
            summary=f"One {noun}",
            description=f"The {noun} at `{address}`. {about}\n\n{READ_NOTE}".strip(),
            examples=list(retrieve_examples)),
    }
    if writable:
        views.update({
            "create": extend_schema(
                summary=f"Add a {noun}",
                description=f"{WRITE_NOTE} Answers 201 with the stored {noun}, as a GET "
                            f"would show it, and its address in `Location`.",
                examples=list(create_examples)),
            "update": extend_schema(
                summary=f"Replace a {noun}",
                description=f"{WRITE_NOTE} Every writable field must be given; use PATCH to "
                            f"change some."),
            "partial_update": extend_schema(
                summary=f"Change a {noun}",
                description=f"{WRITE_NOTE} Only the fields given change."),
        })
    return extend_schema_view(**views)
