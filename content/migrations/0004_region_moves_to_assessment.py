"""``Region`` now belongs to the assessment app (assessment 0002 takes it over, same table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0003_one_current_version_per_work")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Region")],
            database_operations=[],
        ),
    ]
