"""The shared FilterSets (procurement/filters.py), made cheaper per request for hot API lists.

django-filter deep-copies every filter and builds a new form class for each request (so that
`method=` filters can be bound to their FilterSet). For a FilterSet without method filters
neither is needed: its filters hold no per-request state. `lean(FilterSet)` gives a subclass
that shares them, validates only the filters a request names, and builds each form class
once (together about a quarter of the mentions list's time); a FilterSet with a method filter
is returned unchanged, so adding one to the shared definition stays correct, only slower.
"""

from django import forms
from django_filters import FilterSet
from django_filters.filters import QuerySetRequestMixin


class SharedFields(dict):
    """A form's base fields that each form instance uses as they are instead of deep-copying.

    Django copies them so that one form can change its fields (choices, widget attributes) for
    itself; the filter forms never do, and the copy of eight fields costs more than the query.
    """

    def __deepcopy__(self, memo):
        return dict(self)


def lean(filterset_class: type[FilterSet]) -> type[FilterSet]:
    # Method filters and request-dependent choices read their FilterSet (`parent`) per request.
    if any(f.method is not None or isinstance(f, QuerySetRequestMixin)
           for f in filterset_class.base_filters.values()):
        return filterset_class

    # A filter whose form widget reads other keys than its name (date ranges: name_after,
    # name_before) cannot be left out just because its name is absent from the query.
    plain = all(not isinstance(f.field.widget, forms.MultiWidget)
                for f in filterset_class.base_filters.values())

    class Lean(filterset_class):
        _form_classes: dict = {}

        def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
            if queryset is None:
                queryset = self._meta.model._default_manager.all()
            self.is_bound = data is not None
            self.data = data if data is not None else {}
            self.queryset = queryset
            self.request = request
            self.form_prefix = prefix
            self.filters = self.base_filters  # shared: they keep no per-request state
            if plain and self.is_bound and not prefix and not _renders_form(request):
                # Only the filters the query names: an absent one filters nothing, and
                # validating every empty field is most of what django-filter costs.
                self.filters = {name: f for name, f in self.base_filters.items()
                                if name in self.data}
            for filter_ in self.filters.values():
                filter_.model = queryset.model

        def get_form_class(self):
            key = tuple(self.filters)
            form_class = self._form_classes.get(key)
            if form_class is None:
                form_class = super().get_form_class()
                form_class.base_fields = SharedFields(form_class.base_fields)
                self._form_classes[key] = form_class
            return form_class

    Lean.__name__ = Lean.__qualname__ = filterset_class.__name__
    Lean.__doc__ = filterset_class.__doc__
    return Lean


def _renders_form(request) -> bool:
    """The browsable API shows the whole filter form, so it gets every filter."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "") == "api"
