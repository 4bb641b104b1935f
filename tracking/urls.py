"""tracking routes, included under /api/v1/ by ``msp.urls``."""

from msp.api.routers import UUIDRouter
from tracking import viewsets

router = UUIDRouter()
router.register("machines", viewsets.MachineViewSet, basename="machine")
router.register("projects", viewsets.ProjectViewSet, basename="project")
router.register("project-paths", viewsets.ProjectPathViewSet, basename="projectpath")
router.register("sessions", viewsets.WorkSessionViewSet, basename="worksession")
router.register("work-items", viewsets.WorkItemViewSet, basename="workitem")
router.register("tasks", viewsets.TaskViewSet, basename="task")
router.register("time-entries", viewsets.TimeEntryViewSet, basename="timeentry")
router.register("tags", viewsets.TagViewSet, basename="tag")
router.register("commands", viewsets.CommandRunViewSet, basename="commandrun")
router.register("file-changes", viewsets.FileChangeViewSet, basename="filechange")
router.register("problem-solutions", viewsets.ProblemSolutionViewSet, basename="problemsolution")
router.register(
    "infrastructure-changes", viewsets.InfrastructureChangeViewSet, basename="infrastructurechange"
)

urlpatterns = router.urls
