from django.db import migrations

import apps.core.files


def move_return_photos(apps, schema_editor):
    """Photos uploaded before this migration sit under MEDIA_ROOT, which is served: move each into
    the private storage under a new random name. A name whose file is missing is left as it is."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    Rental = apps.get_model("rentals", "Rental")
    for rental in Rental.objects.exclude(return_photo="").only("id", "return_photo").iterator():
        old = rental.return_photo.name
        if not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as photo:
            rental.return_photo.save(old, File(photo), save=False)
        Rental.objects.filter(id=rental.id).update(return_photo=rental.return_photo.name)
        default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("rentals", "0002_tour_courses"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rental",
            name="return_photo",
            field=apps.core.files.PrivateFileField(
                blank=True, prefix="rentals/returns", verbose_name="return photo"
            ),
        ),
        # going back leaves the photos in the private storage (they are never public again)
        migrations.RunPython(move_return_photos, migrations.RunPython.noop),
    ]
