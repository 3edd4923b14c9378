from django.db import migrations

OLD, NEW = "stranded.evacuation.tasks.compute_plan", "stranded.evacuation.tasks.compute_plan_task"
DONE = ("SUCCESSFUL", "FAILED")


def rename_to(old, new):
    """A plan queued (or running) before the task was renamed is still computed by the worker."""

    def rename(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.filter(task_path=old).exclude(status__in=DONE).update(task_path=new)

    return rename


class Migration(migrations.Migration):
    """The task that runs `compute_plan` is `compute_plan_task` (it was `compute_plan`)."""

    dependencies = [
        ("django_tasks_database", "0018_rename_succeeded_status"),
        ("evacuation", "0005_plan_refused_movement"),
    ]

    operations = [migrations.RunPython(rename_to(OLD, NEW), rename_to(NEW, OLD))]
