"""Each deal says its delegation (its purchaser's, through the registration's
sub-delegation), filled here for the deals there are; 0018 makes it required and indexes
the office's list by it. Going back, the column goes with the field: nothing to undo."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Deal = apps.get_model("deals", "Deal")
    Registration = apps.get_model("purchasers", "Registration")
    delegation = Registration.objects.filter(pk=OuterRef("registration_id")).values(
        "sub_delegation__delegation_id"
    )
    Deal.objects.update(delegation_id=Subquery(delegation[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0016_dims_rollup_levels"),
        ("delegations", "0009_audit_setup_event_kind"),
        ("purchasers", "0012_dims_ownership"),
    ]

    operations = [
        migrations.AddField(
            model_name="deal",
            name="delegation",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deals",
                to="delegations.delegation",
                verbose_name="delegation",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
