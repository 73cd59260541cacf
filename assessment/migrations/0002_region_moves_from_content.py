"""``Region`` moves from content to assessment, the app that uses it. The table stays
``content_region`` with its rows: only Django's state changes (and the content type, so that
permissions granted on regions keep working)."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="content", model="region").first()
    if old is not None and not ContentType.objects.filter(app_label="assessment", model="region").exists():
        old.app_label = "assessment"
        old.save(update_fields=["app_label"])


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="assessment", model="region").update(app_label="content")


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("content", "0003_one_current_version_per_work"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # content's migration that drops Region from its state must come after the foreign keys
    # below point here; content's own migrations do not name assessment.
    run_before = [("content", "0004_region_moves_to_assessment")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(max_length=12, unique=True, verbose_name="区划代码")),
                        ("name", models.CharField(max_length=100, verbose_name="名称")),
                        (
                            "level",
                            models.CharField(
                                choices=[("province", "省"), ("city", "市"), ("county", "县（市、区）")],
                                max_length=10,
                                verbose_name="层级",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="assessment.region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "行政区划",
                        "verbose_name_plural": "行政区划",
                        "ordering": ["code"],
                        "db_table": "content_region",
                    },
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="region",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="assessment.region"
                    ),
                ),
                migrations.AlterField(
                    model_name="assessment",
                    name="region",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="assessments", to="assessment.region"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
