"""Exhibitor countries typed as free text (瑞士, Switzerland, CH) become the one list's
Chinese name, the key the by-country roll-up groups by. Prints every value changed and every
value that matches no entry of the list (kept as typed; the office's page lists them)."""

from django.db import migrations


def _report(label, changed, unmatched):
    for (old, new), n in sorted(changed.items()):
        print(f"  {label}: {old!r} -> {new!r} ({n})")
    for old, n in sorted(unmatched.items()):
        print(f"  {label}: {old!r} matches no country or region, kept ({n})")


def forwards(apps, schema_editor):
    from deals.countries import canonical

    Deal = apps.get_model("deals", "Deal")
    Exhibitor = apps.get_model("deals", "Exhibitor")
    RollupDirty = apps.get_model("deals", "RollupDirty")
    RollupDirtyRegistration = apps.get_model("deals", "RollupDirtyRegistration")
    changed, unmatched = {}, {}
    values = Deal.objects.order_by().values_list("exhibitor_country", flat=True).distinct()
    for old in list(values):
        new = canonical(old)
        deals = Deal.objects.filter(exhibitor_country=old)
        if new is None:
            unmatched[old] = deals.count()
        elif new != old:
            # The purchasers' shares of the by-country roll-ups move to the new key.
            for registration_id, edition_id in deals.values_list(
                "registration_id", "registration__edition_id"
            ).distinct():
                RollupDirtyRegistration.objects.get_or_create(registration_id=registration_id)
                RollupDirty.objects.get_or_create(edition_id=edition_id)
            changed[(old, new)] = deals.update(exhibitor_country=new)
    _report("deal", changed, unmatched)
    changed, unmatched = {}, {}
    for exhibitor in Exhibitor.objects.order_by("pk"):
        new = canonical(exhibitor.country)
        if new is None:
            unmatched[exhibitor.country] = unmatched.get(exhibitor.country, 0) + 1
            continue
        if new == exhibitor.country:
            continue
        twin = Exhibitor.objects.filter(
            edition_id=exhibitor.edition_id, name=exhibitor.name, country=new
        )
        if twin.exists():
            print(f"  exhibitor {exhibitor.pk} {exhibitor.name!r}: already listed in {new!r}, kept")
            continue
        key = (exhibitor.country, new)
        exhibitor.country = new
        exhibitor.save(update_fields=["country"])
        changed[key] = changed.get(key, 0) + 1
    _report("exhibitor", changed, unmatched)


class Migration(migrations.Migration):
    dependencies = [("deals", "0012_deal_list_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
