"""The form engine: service definitions (YAML) checked, parsed and compiled to flask-wtf forms."""

from .answers import ReviewRow, ReviewSection, form_data, review, step_answers
from .codelists import load_codelist, load_codelists
from .compiler import step_form_class
from .exceptions import DefinitionError, FormsError, Problem
from .fields import FieldType, field_types
from .loader import load_definition
from .spec import FieldSpec, Option, Repeat, ServiceSpec, StepSpec

__all__ = [
    "DefinitionError", "FieldSpec", "FieldType", "FormsError", "Option", "Problem", "Repeat",
    "ReviewRow", "ReviewSection", "ServiceSpec", "StepSpec", "field_types", "form_data",
    "load_codelist", "load_codelists", "load_definition", "review", "step_answers",
    "step_form_class",
]
