"""The form engine: service definitions (YAML) checked, parsed and compiled to flask-wtf forms."""

from .answers import ReviewRow, ReviewSection, form_data, posted_answers, review, step_answers
from .codelists import load_codelist, load_codelists
from .compiler import step_form_class
from .conditions import (
    FEE_NOT_COMPUTABLE,
    FeeNotComputable,
    Outcome,
    computed_fee,
    department_for,
    evaluate,
    fee_cents,
    fee_text,
    field_visibility,
    fixed_fee_cents,
    format_money,
    hidden_on_page,
    prune,
    unanswered,
    visible_steps,
)
from .exceptions import DefinitionError, FormsError, Problem
from .expressions import Expression, ExpressionError, Scope, compile_expression
from .fields import FieldType, field_types
from .loader import load_definition
from .ruletests import RuleTestResult, run_rule_tests
from .spec import (
    ExternalSpec,
    FeeSpec,
    FieldSpec,
    Option,
    Repeat,
    RouteSpec,
    RuleExpectation,
    RuleTestSpec,
    ServiceSpec,
    StepSpec,
)
from .texts import Text

__all__ = [
    "FEE_NOT_COMPUTABLE", "DefinitionError", "Expression", "ExpressionError", "ExternalSpec",
    "FeeNotComputable",
    "FeeSpec", "FieldSpec", "FieldType", "FormsError", "Option", "Outcome", "Problem", "Repeat",
    "ReviewRow", "ReviewSection", "RouteSpec", "RuleExpectation", "RuleTestResult",
    "RuleTestSpec", "Scope", "ServiceSpec", "StepSpec", "Text", "compile_expression",
    "computed_fee",
    "department_for", "evaluate", "fee_cents", "fee_text", "field_types", "field_visibility",
    "fixed_fee_cents", "form_data", "format_money", "hidden_on_page", "load_codelist",
    "load_codelists", "load_definition", "posted_answers", "prune", "review", "run_rule_tests",
    "step_answers", "step_form_class", "unanswered", "visible_steps",
]
