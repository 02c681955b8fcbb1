"""One audit trail: the deal and exhibitor histories' action is their kind (from the one
catalogue); a deal's correction, recorded as ``changed``, is ``corrected`` like an
exhibitor's."""

from django.db import migrations, models

KINDS = [
    ("edition_created", "edition created"),
    ("edition_changed", "edition changed"),
    ("delegation_created", "delegation created"),
    ("copied_forward", "started from the last edition"),
    ("registration_opened", "registration opened"),
    ("sub_delegation_created", "sub-delegation created"),
    ("sub_delegation_changed", "sub-delegation changed"),
    ("lead_agency_created", "lead agency created"),
    ("lead_agency_changed", "lead agency changed"),
    ("unit_added", "member unit added"),
    ("unit_changed", "member unit changed"),
    ("account_invited", "account invited"),
    ("account_deactivated", "account deactivated"),
    ("account_reset", "password reset"),
    ("rate_set", "exchange rate set"),
    ("rate_changed", "exchange rate changed"),
    ("deadline_set", "deadline set"),
    ("deadline_changed", "deadline changed"),
    ("deadline_removed", "deadline removed"),
    ("reminder_rule_set", "reminder rule set"),
    ("reminder_rule_changed", "reminder rule changed"),
    ("created", "created"),
    ("updated", "changed"),
    ("submitted", "submitted for review"),
    ("resubmitted", "submitted again after correction"),
    ("carried_over", "registered again from the previous edition"),
    ("imported", "imported from a spreadsheet"),
    ("self_registered", "registered by the firm itself through an invitation"),
    ("lead_approved", "approved by lead agency"),
    ("rejected_by_lead", "rejected by lead agency"),
    ("returned_by_lead", "returned for correction by lead agency"),
    ("sent_back_by_office", "sent back to the lead agency by the office"),
    ("reported_by_office", "reported by the delegation office"),
    ("credit_check", "credit check recorded"),
    ("background_check", "background check recorded"),
    ("personal_data_masked", "personal data masked"),
    ("personal_data_exported", "personal data exported unmasked"),
    ("set", "badge status recorded"),
    ("handed_over", "badges handed over"),
    ("reused", "earlier badge reused"),
    ("official_import", "status from the official system"),
    ("recorded", "Recorded"),
    ("corrected", "Corrected"),
    ("moved", "Follow-up status changed"),
    ("note", "Follow-up note"),
    ("recomputed", "USD amount recomputed"),
    ("added", "added to the directory"),
    ("proposed", "correction proposed"),
    ("accepted", "correction accepted"),
    ("rejected", "correction rejected"),
]


def forwards(apps, schema_editor):
    apps.get_model("deals", "DealEvent").objects.filter(kind="changed").update(kind="corrected")


def backwards(apps, schema_editor):
    apps.get_model("deals", "DealEvent").objects.filter(kind="corrected").update(kind="changed")


class Migration(migrations.Migration):
    dependencies = [("deals", "0014_leading_group_reads")]

    operations = [
        migrations.RenameField("dealevent", "action", "kind"),
        migrations.RenameField("exhibitorevent", "action", "kind"),
        migrations.AlterField(
            model_name="dealevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="what happened"),
        ),
        migrations.AlterField(
            model_name="exhibitorevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="what happened"),
        ),
        migrations.AddField(
            model_name="exhibitorevent",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
