"""A deal's delegation is required, and an office's deal list walks its own index (a
migration of its own: PostgreSQL does not alter a table whose rows 0017 has just changed
while their foreign-key checks are pending in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0017_deal_delegation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deal",
            name="delegation",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deals",
                to="delegations.delegation",
                verbose_name="delegation",
            ),
        ),
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(
                fields=["delegation", "-signed_on", "-id"], name="deal_delegation_newest_first"
            ),
        ),
    ]
