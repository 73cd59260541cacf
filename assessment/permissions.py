"""Roles and scope — 角色与权限. Every view, API endpoint and export asks these functions.

- a county assessor (县级填报员) sees and edits only their county's assessments;
- a city reviewer (市级审核员) sees and reviews the assessments of the counties in their city;
- a province administrator (省级管理员, or a superuser) sees all, manages templates and weights,
  and may reopen an approved assessment;
- anyone else (the public) sees nothing of assessments.
Out-of-scope objects answer 404, so nothing about another county leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from assessment.models import Assessment, Membership, Region, Role


@dataclass
class Scope:
    is_admin: bool = False
    assessor_counties: set[int] = field(default_factory=set)
    reviewer_cities: set[int] = field(default_factory=set)
    reviewer_counties: set[int] = field(default_factory=set)

    @property
    def has_any_role(self) -> bool:
        return self.is_admin or bool(self.assessor_counties or self.reviewer_cities)


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_assessment_scope", None)
    if cached is not None:
        return cached
    scope = Scope(is_admin=user.is_superuser)
    for role, region_id in Membership.objects.filter(user=user).values_list("role", "region_id"):
        if role == Role.ADMIN:
            scope.is_admin = True
        elif role == Role.ASSESSOR:
            scope.assessor_counties.add(region_id)
        elif role == Role.REVIEWER:
            scope.reviewer_cities.add(region_id)
    if scope.reviewer_cities:
        scope.reviewer_counties = set(
            Region.objects.filter(parent_id__in=scope.reviewer_cities).values_list("id", flat=True)
        )
    user._assessment_scope = scope
    return scope


def visible_assessments(user) -> QuerySet[Assessment]:
    scope = scope_for(user)
    qs = Assessment.objects.all()
    if scope.is_admin:
        return qs
    regions = scope.assessor_counties | scope.reviewer_counties
    if not regions:
        return qs.none()
    return qs.filter(Q(region_id__in=regions))


def can_view(user, assessment: Assessment) -> bool:
    scope = scope_for(user)
    return (
        scope.is_admin
        or assessment.region_id in scope.assessor_counties
        or assessment.region_id in scope.reviewer_counties
    )


def can_edit(user, assessment: Assessment) -> bool:
    """Answers are edited by the county's assessors while the assessment is open."""
    return assessment.is_editable and assessment.region_id in scope_for(user).assessor_counties


def can_review(user, assessment: Assessment) -> bool:
    scope = scope_for(user)
    return scope.is_admin or assessment.region_id in scope.reviewer_counties


def can_reopen(user, assessment: Assessment) -> bool:
    return scope_for(user).is_admin


def can_create_for(user, region: Region) -> bool:
    scope = scope_for(user)
    if region.level != Region.RegionLevel.COUNTY:
        return False
    return scope.is_admin or region.id in scope.assessor_counties


def can_manage_templates(user) -> bool:
    return scope_for(user).is_admin


def can_edit_template(user, template) -> bool:
    """Only a province administrator edits a template, and only a draft (a published one is copied first)."""
    return scope_for(user).is_admin and not template.is_published


def can_see_template(user, template) -> bool:
    """Counties and cities see published versions only; drafts are the province's work in progress."""
    return template.is_published or scope_for(user).is_admin


def can_see_dashboard(user) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bool(scope.reviewer_cities)


def creatable_regions(user) -> QuerySet[Region]:
    scope = scope_for(user)
    qs = Region.objects.filter(level=Region.RegionLevel.COUNTY)
    return qs if scope.is_admin else qs.filter(id__in=scope.assessor_counties)
