# ruff: noqa: E501  (a table: one line per status reads best)
"""What every route answers to every identity of the cast, on delegation A's objects.

One entry per URL name: ``{method: {status: "identity identity ...", ...}}``, where
``"*"`` stands for every identity not named for that method; "login" is the redirect to the
sign-in page. The identities are those of ``tests/route_matrix_support.IDENTITIES``:
anonymous, organiser (A's office), lead (S1's hospitals agency), other_lead (S2), registrant
(made A's registrations), other_registrant (another unit of A), credit_checker and
background_checker (member units of A), viewer (national, read-only), national_admin,
superuser, b_organiser and b_registrant (delegation B).

Adding a route: write who may use it, e.g.
    "my-page": {"GET": {200: "organiser lead", "login": "anonymous", 404: "*"}},
and run tests/test_route_matrix.py; a method a route does not accept needs no entry.
Outside the scope is 404, inside but not allowed 403, refused by the object's state 400/409.
"""

from tests.route_matrix_support import IDENTITIES

EXPECTATIONS: dict[str, dict[str, dict]] = {
    "api-deadline-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-deadline-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-deal-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        },
        "PATCH": {
            400: "organiser lead registrant superuser",
            401: "anonymous",
            403: "viewer",
            404: "*",
        },
        "PUT": {
            400: "organiser lead registrant superuser",
            401: "anonymous",
            403: "viewer",
            404: "*",
        },
    },
    "api-deal-history": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-deal-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {
            400: "*",
            401: "anonymous",
            403: "credit_checker background_checker viewer national_admin",
        },
    },
    "api-deal-move": {
        "POST": {
            400: "organiser lead superuser",
            401: "anonymous",
            403: "*",
            404: "other_lead b_organiser",
        }
    },
    "api-deal-notes": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        },
        "POST": {
            400: "organiser lead superuser",
            401: "anonymous",
            403: "registrant viewer",
            404: "*",
        },
    },
    "api-delegation-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-delegation-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-docs": {"GET": {200: "*"}},
    "api-edition-detail": {"GET": {200: "*", 401: "anonymous"}},
    "api-edition-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-exchange-rate-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-exchange-rate-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {400: "*", 401: "anonymous", 403: "viewer"},
    },
    "api-exhibitor-detail": {
        "GET": {200: "*", 401: "anonymous", 404: "credit_checker background_checker"},
        "PATCH": {
            200: "*",
            401: "anonymous",
            403: "registrant other_registrant viewer b_registrant",
            404: "credit_checker background_checker",
        },
        "PUT": {
            400: "*",
            401: "anonymous",
            403: "viewer",
            404: "credit_checker background_checker",
        },
    },
    "api-exhibitor-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {400: "*", 401: "anonymous", 403: "viewer"},
    },
    "api-exhibitor-proposal-accept": {
        "POST": {200: "national_admin superuser", 401: "anonymous", 403: "*"}
    },
    "api-exhibitor-proposal-detail": {
        "GET": {200: "organiser national_admin superuser", 401: "anonymous", 404: "*"}
    },
    "api-exhibitor-proposal-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-exhibitor-proposal-reject": {
        "POST": {200: "national_admin superuser", 401: "anonymous", 403: "*"}
    },
    "api-meeting-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        },
        "PATCH": {
            200: "organiser lead registrant superuser",
            401: "anonymous",
            403: "viewer",
            404: "*",
        },
        "PUT": {
            400: "organiser lead registrant national_admin superuser",
            401: "anonymous",
            403: "viewer",
            404: "*",
        },
    },
    "api-meeting-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {400: "*", 401: "anonymous", 403: "viewer"},
    },
    "api-need-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-need-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {
            400: "*",
            401: "anonymous",
            403: "credit_checker background_checker viewer national_admin",
        },
    },
    "api-need-matches": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-notice-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-redoc": {"GET": {200: "*"}},
    "api-region-detail": {"GET": {200: "*", 401: "anonymous"}},
    "api-region-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-registration-bulk-submit": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-registration-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
        },
        "PATCH": {200: "registrant", 401: "anonymous", 403: "viewer", 404: "*"},
    },
    "api-registration-import-list": {
        "POST": {401: "anonymous", 403: "viewer national_admin superuser", 415: "*"}
    },
    "api-registration-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {
            400: "*",
            401: "anonymous",
            403: "credit_checker background_checker viewer national_admin superuser",
        },
    },
    "api-registration-submit": {
        "POST": {400: "registrant", 401: "anonymous", 403: "viewer", 404: "*"}
    },
    "api-reminder-detail": {
        "GET": {200: "organiser viewer national_admin superuser", 401: "anonymous", 404: "*"}
    },
    "api-reminder-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-review-approve": {
        "POST": {
            200: "lead superuser",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-background-check": {
        "POST": {
            400: "*",
            401: "anonymous",
            403: "viewer",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-bulk-approve": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-review-bulk-background-check": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-review-bulk-credit-check": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-review-bulk-report": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-review-bulk-send-back": {"POST": {400: "*", 401: "anonymous", 403: "viewer"}},
    "api-review-check-results": {"POST": {401: "anonymous", 403: "viewer", 415: "*"}},
    "api-review-credit-check": {
        "POST": {
            400: "*",
            401: "anonymous",
            403: "viewer",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-review-reject": {
        "POST": {
            400: "lead superuser",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-report": {
        "POST": {
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            409: "organiser superuser",
        }
    },
    "api-review-resubmit": {
        "POST": {
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            409: "registrant superuser",
        }
    },
    "api-review-return-": {
        "POST": {
            400: "lead superuser",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-review-send-back": {
        "POST": {
            400: "organiser superuser",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-root": {"GET": {200: "*", 401: "anonymous"}},
    "api-sub-delegation-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead credit_checker background_checker b_organiser b_registrant",
        }
    },
    "api-sub-delegation-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-totals-list": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "registrant other_registrant credit_checker background_checker b_registrant",
        }
    },
    "api-zone-detail": {"GET": {200: "*", 401: "anonymous"}},
    "api-zone-list": {"GET": {200: "*", 401: "anonymous"}},
    "dashboard": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
    },
    "deals-csv": {
        "GET": {404: "*", "login": "anonymous"},
        "POST": {404: "*", "login": "anonymous"},
    },
    "dashboard-delegation": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "export-detail": {
        "GET": {200: "organiser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser", 404: "*", "login": "anonymous"},
    },
    "export-create": {"POST": {404: "*", "login": "anonymous"}},
    "export-download": {
        "GET": {404: "*", "login": "anonymous"},
        "POST": {404: "*", "login": "anonymous"},
    },
    "export-restart": {"POST": {302: "organiser", 404: "*", "login": "anonymous"}},
    "deadlines:detail": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "deadlines:list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "deadlines:remove": {"POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}},
    "deadlines:save": {
        "POST": {200: "organiser national_admin superuser", 404: "*", "login": "anonymous"}
    },
    "deal-create": {
        "GET": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
    },
    "deal-detail": {
        "GET": {
            200: "*",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "deal-edit": {
        "GET": {200: "organiser lead registrant superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser lead registrant superuser", 404: "*", "login": "anonymous"},
    },
    "deal-follow-up-list": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
    },
    "deal-import": {
        "GET": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
        "POST": {404: "*", "login": "anonymous"},
    },
    "deal-list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "deal-move": {"POST": {302: "organiser lead superuser", 404: "*", "login": "anonymous"}},
    "deal-note": {"POST": {302: "organiser lead superuser", 404: "*", "login": "anonymous"}},
    "delegation-detail": {
        "GET": {
            200: "*",
            404: "credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "delegation-list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "exchange-rates": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser b_organiser", 404: "*", "login": "anonymous"},
    },
    "exhibitor-create": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
    },
    "exhibitor-edit": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
    },
    "exhibitor-import": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
        "POST": {404: "*", "login": "anonymous"},
    },
    "exhibitor-list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "exhibitor-proposal-decide": {
        "POST": {302: "national_admin superuser", 404: "*", "login": "anonymous"}
    },
    "exhibitor-proposals": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker viewer b_registrant",
            "login": "anonymous",
        },
    },
    # 503 while no worker runs: both are its answers by design.
    "healthz": {"GET": {(200, 503): "*"}},
    "home": {"GET": {200: "*", "login": "anonymous"}, "POST": {200: "*", "login": "anonymous"}},
    "import-template": {
        "GET": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
    },
    "login": {"GET": {200: "*"}, "POST": {200: "*"}},
    "logout": {"POST": {"login": "*"}},
    "need-create": {
        "GET": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "credit_checker background_checker viewer national_admin",
            "login": "anonymous",
        },
    },
    "need-detail": {
        "GET": {
            200: "*",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {200: "organiser lead registrant superuser", 404: "*", "login": "anonymous"},
    },
    "need-list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "password_change": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "password_change_done": {"GET": {200: "*", "login": "anonymous"}},
    "registrations:bulk-submit": {
        "POST": {
            302: "*",
            404: "credit_checker background_checker viewer national_admin superuser",
            "login": "anonymous",
        }
    },
    "registrations:carry-over": {
        "GET": {
            403: "credit_checker background_checker viewer national_admin superuser",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            403: "credit_checker background_checker viewer national_admin superuser",
            404: "*",
            "login": "anonymous",
        },
    },
    "registrations:create": {
        "GET": {
            200: "*",
            403: "credit_checker background_checker viewer national_admin superuser",
            "login": "anonymous",
        },
        "POST": {
            400: "*",
            403: "credit_checker background_checker viewer national_admin superuser",
            "login": "anonymous",
        },
    },
    "registrations:detail": {
        "GET": {
            200: "*",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "other_lead other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "registrations:edit": {
        "GET": {200: "registrant", 404: "*", "login": "anonymous"},
        "POST": {400: "registrant", 404: "*", "login": "anonymous"},
    },
    "imports:upload": {
        "GET": {200: "*", 403: "viewer national_admin superuser", "login": "anonymous"},
        "POST": {200: "*", 403: "viewer national_admin superuser", "login": "anonymous"},
    },
    "imports:preview": {
        "GET": {403: "viewer national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {403: "viewer national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "imports:template": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "registrations:list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "registrations:submit": {"POST": {302: "registrant", 404: "*", "login": "anonymous"}},
    "deadlines:reminder-history": {
        "GET": {200: "organiser viewer national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser viewer national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "deadlines:reminder-rule-save": {
        "POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}
    },
    # The run refuses inside a transaction, as every request of this test is (each is
    # rolled back): 500 is the office's allowed run here; tests/delegations prove the run.
    "deadlines:reminders-run": {
        "POST": {404: "*", 500: "organiser superuser", "login": "anonymous"}
    },
    "review:approve": {
        "POST": {
            302: "lead superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "checks:background-check": {"POST": {404: "*", "login": "anonymous"}},
    "review:bulk-approve": {
        "POST": {302: "lead other_lead superuser", 404: "*", "login": "anonymous"}
    },
    "review:bulk-report": {
        "POST": {302: "organiser superuser b_organiser", 404: "*", "login": "anonymous"}
    },
    "review:bulk-send-back": {
        "POST": {302: "organiser superuser b_organiser", 404: "*", "login": "anonymous"}
    },
    "checks:import": {
        "GET": {200: "credit_checker background_checker", 404: "*", "login": "anonymous"},
        "POST": {200: "credit_checker background_checker", 404: "*", "login": "anonymous"},
    },
    "checks:import-preview": {
        "GET": {404: "*", "login": "anonymous"},
        "POST": {404: "*", "login": "anonymous"},
    },
    "checks:list": {
        "GET": {200: "credit_checker background_checker", 404: "*", "login": "anonymous"},
        "POST": {200: "credit_checker background_checker", 404: "*", "login": "anonymous"},
    },
    "checks:bulk": {
        "POST": {302: "credit_checker background_checker", 404: "*", "login": "anonymous"}
    },
    "checks:credit-check": {"POST": {404: "*", "login": "anonymous"}},
    "review:delegation-progress": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "review:detail": {
        "GET": {
            200: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "review:notices": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "review:queue": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "review:reject": {
        # The confirmation page: a lead who may reject sees it; others go back to the review.
        "GET": {
            200: "lead superuser",
            302: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            400: "lead superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "review:report": {
        "POST": {
            302: "organiser superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "review:resubmit": {
        "POST": {
            302: "registrant superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "review:return": {
        "POST": {
            302: "lead superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "review:send-back": {
        "POST": {
            302: "organiser superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "review:sub-delegation-progress": {
        "GET": {
            200: "organiser lead viewer national_admin superuser",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser lead viewer national_admin superuser",
            404: "*",
            "login": "anonymous",
        },
    },
    "schema": {"GET": {200: "*"}},
    "set-password": {"GET": {200: "*"}, "POST": {200: "*"}},
    "set_language": {"GET": {302: "*"}, "POST": {302: "*"}},
    "accounts:action": {"POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}},
    "setup:agency-edit": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:agency-new": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:delegation-new": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "setup:detail": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:edition-edit": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "setup:edition-new": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "ownerships:edit": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "ownerships:index": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "ownerships:new": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "setup:editions": {
        "GET": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "setup:index": {
        "GET": {
            200: "organiser national_admin superuser b_organiser",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser national_admin superuser b_organiser",
            404: "*",
            "login": "anonymous",
        },
    },
    "accounts:invite": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:open": {"POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}},
    "setup:sub-edit": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:sub-new": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:unit-edit": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "setup:unit-new": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {400: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "sub-delegation-detail": {
        "GET": {
            200: "*",
            404: "other_lead credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "other_lead credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    # Badges, invitations, the stay in Shanghai, bulletins, the country list and the
    # exhibitor search, recorded and reviewed when they were added.
    "api-badge-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-badge-hand-over": {
        "POST": {400: "organiser superuser b_organiser", 401: "anonymous", 403: "*"}
    },
    "api-badge-list": {"GET": {200: "*", 401: "anonymous"}},
    "api-badge-reuse": {
        "POST": {
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            409: "organiser registrant superuser",
        }
    },
    "api-badge-status": {
        "POST": {400: "organiser superuser", 401: "anonymous", 403: "*", 404: "b_organiser"}
    },
    "api-badge-status-import-list": {
        "POST": {401: "anonymous", 403: "*", 415: "organiser superuser b_organiser"}
    },
    "api-bulletin-detail": {"GET": {200: "organiser superuser", 401: "anonymous", 404: "*"}},
    "api-bulletin-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {400: "organiser superuser b_organiser", 401: "anonymous", 403: "*"},
    },
    "api-bulletin-send": {
        "POST": {200: "organiser superuser", 401: "anonymous", 403: "*", 404: "b_organiser"}
    },
    "api-invitation-detail": {
        "GET": {
            200: "*",
            401: "anonymous",
            403: "credit_checker background_checker",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-invitation-list": {
        "GET": {200: "*", 401: "anonymous", 403: "credit_checker background_checker"},
        "POST": {
            400: "*",
            401: "anonymous",
            403: "credit_checker background_checker viewer national_admin superuser",
        },
    },
    "api-invitation-revoke": {
        "POST": {
            200: "organiser lead registrant",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-invitation-send": {
        "POST": {
            400: "organiser lead registrant",
            401: "anonymous",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
        }
    },
    "api-logistics-bulk-assign": {
        "POST": {401: "anonymous", 403: "*", 404: "organiser superuser b_organiser"}
    },
    "api-logistics-figures": {
        "GET": {
            401: "anonymous",
            403: "registrant other_registrant credit_checker background_checker b_registrant",
            404: "*",
        }
    },
    "api-progress-report-detail": {"GET": {200: "organiser superuser", 401: "anonymous", 404: "*"}},
    "api-progress-report-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {400: "organiser superuser b_organiser", 401: "anonymous", 403: "*"},
    },
    "api-unit-report-detail": {
        "GET": {200: "organiser registrant superuser", 401: "anonymous", 404: "*"}
    },
    "api-unit-report-list": {
        "GET": {200: "*", 401: "anonymous"},
        "POST": {
            400: "lead other_lead registrant other_registrant b_registrant",
            401: "anonymous",
            403: "*",
        },
    },
    "api-unit-report-respond": {
        "POST": {401: "anonymous", 404: "*", 409: "organiser registrant superuser"}
    },
    "badge-detail": {
        "GET": {
            200: "*",
            404: "other_lead other_registrant credit_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            400: "organiser superuser",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "badge-export": {
        "GET": {
            200: "organiser superuser",
            403: "*",
            404: "credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "badge-hand-over": {
        "POST": {
            302: "organiser superuser",
            403: "*",
            404: "credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "badge-hand-over-list": {
        "GET": {
            200: "*",
            403: "lead other_lead registrant other_registrant",
            404: "credit_checker background_checker b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "badge-import": {
        "GET": {200: "organiser superuser b_organiser", 403: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser b_organiser", 403: "*", "login": "anonymous"},
    },
    "badge-import-preview": {
        "GET": {403: "*", 404: "organiser superuser b_organiser", "login": "anonymous"},
        "POST": {403: "*", 404: "organiser superuser b_organiser", "login": "anonymous"},
    },
    "badge-import-skipped": {
        "GET": {403: "*", 404: "organiser superuser b_organiser", "login": "anonymous"}
    },
    "badge-layout-edit": {
        "GET": {200: "national_admin superuser", 403: "*", "login": "anonymous"},
        "POST": {400: "national_admin superuser", 403: "*", "login": "anonymous"},
    },
    "badge-layout-list": {"GET": {200: "national_admin superuser", 403: "*", "login": "anonymous"}},
    "badge-overview": {"GET": {200: "*", "login": "anonymous"}},
    "bulletins:bulletin-compose": {
        "POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}
    },
    "bulletins:bulletin-detail": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:bulletin-list": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:bulletin-print": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:bulletin-schedule": {
        "POST": {404: "*", 409: "organiser superuser", "login": "anonymous"}
    },
    "bulletins:bulletin-send": {
        "POST": {302: "organiser superuser", 404: "*", "login": "anonymous"}
    },
    "bulletins:records": {
        "GET": {200: "organiser viewer national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser viewer national_admin superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:report-detail": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:report-list": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {302: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:report-xlsx": {
        "GET": {200: "organiser superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:unit-report-create": {"POST": {404: "*", "login": "anonymous"}},
    "bulletins:unit-report-detail": {
        "GET": {200: "organiser registrant superuser", 404: "*", "login": "anonymous"},
        "POST": {200: "organiser registrant superuser", 404: "*", "login": "anonymous"},
    },
    "bulletins:unit-report-list": {
        "GET": {200: "*", "login": "anonymous"},
        "POST": {200: "*", "login": "anonymous"},
    },
    "bulletins:unit-report-respond": {
        "POST": {404: "*", 409: "organiser registrant superuser", "login": "anonymous"}
    },
    "countries-unmatched": {
        "GET": {
            200: "*",
            403: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            403: "registrant other_registrant credit_checker background_checker b_registrant",
            "login": "anonymous",
        },
    },
    "exhibitor-search": {
        "GET": {200: "*", 403: "credit_checker background_checker", "login": "anonymous"},
        "POST": {200: "*", 403: "credit_checker background_checker", "login": "anonymous"},
    },
    "invitation-code": {"GET": {200: "*"}, "POST": {200: "*"}},
    "invitation-confirm": {"GET": {404: "*"}, "POST": {404: "*"}},
    "invitation-create": {
        "GET": {
            200: "*",
            403: "credit_checker background_checker viewer national_admin superuser",
            "login": "anonymous",
        },
        "POST": {
            400: "*",
            403: "credit_checker background_checker viewer national_admin superuser",
            "login": "anonymous",
        },
    },
    "invitation-detail": {
        "GET": {
            200: "*",
            403: "credit_checker background_checker",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            403: "credit_checker background_checker",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "invitation-list": {
        "GET": {200: "*", 403: "credit_checker background_checker", "login": "anonymous"},
        "POST": {200: "*", 403: "credit_checker background_checker", "login": "anonymous"},
    },
    "invitation-open": {"GET": {404: "*"}, "POST": {404: "*"}},
    "invitation-revoke": {
        "GET": {
            200: "organiser lead registrant",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            302: "organiser lead registrant",
            403: "*",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "invitation-send": {
        "POST": {
            302: "*",
            403: "credit_checker background_checker",
            404: "other_lead other_registrant b_organiser b_registrant",
            "login": "anonymous",
        }
    },
    "invitation-status": {"GET": {404: "*"}, "POST": {404: "*"}},
    "logistics:assign-bulk": {
        "POST": {
            302: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        }
    },
    "logistics:bus": {
        "GET": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:declare": {
        "POST": {
            302: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        }
    },
    "logistics:figures": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker "
            "b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker "
            "background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "logistics:import": {
        "GET": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:import-preview": {
        "GET": {403: "lead other_lead viewer national_admin", 404: "*", "login": "anonymous"},
        "POST": {403: "lead other_lead viewer national_admin", 404: "*", "login": "anonymous"},
    },
    "logistics:import-template": {
        "GET": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:index": {
        "GET": {200: "*", 302: "organiser lead other_lead b_organiser", "login": "anonymous"},
        "POST": {200: "*", 302: "organiser lead other_lead b_organiser", "login": "anonymous"},
    },
    "logistics:itinerary": {
        "GET": {404: "*", "login": "anonymous"},
        "POST": {404: "*", "login": "anonymous"},
    },
    "logistics:overview": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker "
            "background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker "
            "background_checker b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "logistics:people": {
        "GET": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker "
            "b_organiser b_registrant",
            "login": "anonymous",
        },
        "POST": {
            200: "*",
            404: "registrant other_registrant credit_checker background_checker "
            "b_organiser b_registrant",
            "login": "anonymous",
        },
    },
    "logistics:person": {
        "GET": {
            200: "organiser lead viewer national_admin superuser",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:publish": {
        "POST": {
            302: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        }
    },
    "logistics:registration-itineraries": {
        "GET": {404: "*", "login": "anonymous"},
        "POST": {404: "*", "login": "anonymous"},
    },
    "logistics:rooming": {
        "GET": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:tickets": {
        "GET": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
        "POST": {
            200: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        },
    },
    "logistics:tickets-state": {
        "POST": {
            302: "organiser superuser",
            403: "lead other_lead viewer national_admin",
            404: "*",
            "login": "anonymous",
        }
    },
    "imports:errors": {
        "GET": {403: "viewer national_admin superuser", 404: "*", "login": "anonymous"},
        "POST": {403: "viewer national_admin superuser", 404: "*", "login": "anonymous"},
    },
}


def expected_codes(entry: dict) -> dict[str, object]:
    """``{status: "who who"}`` as ``{who: status}`` (a tuple of statuses: any of them)."""

    codes, rest = {}, None
    for code, who in entry.items():
        if who == "*":
            rest = code
            continue
        for name in who.split():
            codes[name] = code
    return {name: codes.get(name, rest) for name in IDENTITIES}
