"""Pages for needs profiles: an area's forecast, its downloads, attaching it as evidence, and saved
forecasts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import govuk_frontend_jinja
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.analytics.forecast import ScenarioTooLarge
from commissioning.core import charts, fragments
from commissioning.core import jinja2 as core_jinja2
from commissioning.core.charts import Series, line_chart
from commissioning.core.downloads import attachment
from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.selectors import area_get
from commissioning.core.submissions import NOT_FROM_THE_PAGE, answer_once
from commissioning.core.views_mixins import document_job_response
from commissioning.needs import permissions as can
from commissioning.needs import selectors, services, tasks
from commissioning.needs.analysis import (
    METHOD,
    AreaForecast,
    area_forecast,
    band_rows_read,
    comparisons,
    shown_years,
    vintage_changes,
    with_needs,
)
from commissioning.needs.documents import forecast_csv
from commissioning.needs.forms import (
    AttachForm,
    ProfileOptionsForm,
)
from commissioning.needs.models import PopulationVintage, RateSet, Scenario


class NeedsIndexView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/index.html"
    permission = staticmethod(can.can_view_needs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        areas = list(selectors.areas_with_projections())
        own = user.organisation.area if user.organisation and user.organisation.area_id else None
        return super().get_context_data(
            areas=areas,
            own_area=own if own in areas else None,
            vintages=selectors.vintage_list()[:10],
            saved=selectors.saved_forecast_list(user=user)[:10],
            can_add=can.can_add_local_evidence(user),
            **kwargs,
        )


def _clean_options(query: Any) -> Any:
    """The profile's GET options with anything that is not a record id dropped (so an absurd id
    falls back to the defaults rather than reaching the database)."""
    data = query.copy()
    for key in ("vintage", "scenario"):
        if key in data and not is_record_id(data[key]):
            del data[key]
    if "rates" in data:
        data.setlist("rates", [value for value in data.getlist("rates") if is_record_id(value)])
    return data


class ProfileMixin(PageAccessMixin):
    """The area, options and forecast behind a needs profile and its downloads."""

    permission = staticmethod(can.can_view_needs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except ScenarioTooLarge as error:
            messages.error(request, f"Not shown: {error}. Choose another scenario, or lower its trend.")
            return HttpResponseRedirect(reverse("needs:area-profile", args=[self.kwargs["code"]]))

    @cached_property
    def area(self) -> Any:
        return area_get(code=self.kwargs["code"])

    @cached_property
    def options(self) -> ProfileOptionsForm:
        user = self.request.user
        # Each list read once (rate sets with their rates, scenarios with their adjustments): the
        # form, the forecast and the page all use these.
        vintages = list(selectors.projection_list(area=self.area))
        if not vintages:
            raise Http404("No population projection covers this area")
        rate_sets = list(selectors.rate_set_list(user=user))
        form = ProfileOptionsForm(
            _clean_options(self.request.GET) if self.request.GET else None,
            vintages=vintages,
            scenarios=list(selectors.scenario_list(user=user)),
            rate_sets=rate_sets,
            # Shown when nothing is chosen: the newest projection, the baseline, every rate set.
            initial={"vintage": vintages[0].pk, "scenario": "", "rates": [rate_set.pk for rate_set in rate_sets]},
        )
        form.is_valid()
        return form

    @cached_property
    def forecast_inputs(self) -> tuple[PopulationVintage, Scenario | None, list[RateSet]]:
        """The projection, scenario and rate sets chosen (or the defaults), before any figures."""
        data = getattr(self.options, "cleaned_data", {}) or {}
        vintage = data.get("vintage") or self.options.vintages[0]
        available = self.options.rate_sets
        return vintage, self.options.chosen_scenario(), with_needs(list(data.get("rates") or available), available)

    @cached_property
    def forecast(self) -> AreaForecast:
        vintage, scenario, rate_sets = self.forecast_inputs
        return area_forecast(area=self.area, vintage=vintage, rate_sets=rate_sets, scenario=scenario)

    def query(self) -> str:
        return self.request.GET.urlencode()


def _chart(item: Any, years: list[int], baseline: Any = None) -> Any:
    series = [
        Series(
            "This scenario" if baseline else "Forecast",
            [(year, item.totals[year].people) for year in years if year in item.totals],
            [
                (year, item.totals[year].lower)
                for year in years
                if item.totals.get(year) and item.totals[year].lower is not None
            ],
            [
                (year, item.totals[year].upper)
                for year in years
                if item.totals.get(year) and item.totals[year].upper is not None
            ],
        )
    ]
    if baseline is not None:
        series.append(
            Series("Baseline", [(year, baseline.totals[year].people) for year in years if year in baseline.totals])
        )
    return line_chart(series)


# What renders each kept part (a need's section, the options form): part of its key, so a release
# that changes how parts look does not show parts rendered the old way.
TEMPLATES = Path(__file__).parent.parent / "jinja2" / "needs"
MACROS = Path(core_jinja2.__file__).parent.parent / "jinja2" / "macros"
SECTION_SOURCES = fragments.source_version(
    TEMPLATES / "_forecast_tables.html",
    MACROS / "charts.html",
    core_jinja2.__file__,
    charts.__file__,
)


GOVUK_COMPONENTS = Path(govuk_frontend_jinja.__file__).parent / "templates" / "components"
OPTIONS_SOURCES = fragments.source_version(
    TEMPLATES / "_profile_options.html",
    MACROS / "forms.html",
    core_jinja2.__file__,
    *(GOVUK_COMPONENTS / name / "macro.html" for name in ("radios", "select", "checkboxes")),
)


class AreaProfileView(KeptPageMixin, ProfileMixin, TemplateView):
    """An area's needs profile. Each need's section (chart and tables by age band) is rendered once
    for its figures and kept (core.fragments): the page reads band rows only for sections not kept."""

    template_name = "needs/profile.html"
    prefixes = {"need": "need", "service_use": "demand"}
    with_chart = True

    @cached_property
    def forecast(self) -> AreaForecast:
        vintage, scenario, rate_sets = self.forecast_inputs
        return area_forecast(area=self.area, vintage=vintage, rate_sets=rate_sets, scenario=scenario, bands=False)

    def sections(
        self, forecast: AreaForecast, baselines: dict[int, Any], links: dict[int, list[tuple[str, str]]]
    ) -> dict[int, Any]:
        """Each need's and service's section, kept or rendered now."""
        items = {item.rate_set.pk: item for item in [*forecast.needs, *forecast.demand]}

        def shown(item: Any) -> list[Any]:
            rate_set, baseline = item.rate_set, baselines.get(item.rate_set.pk)
            return [
                item.key, baseline.key if baseline else None, forecast.area.name, forecast.years, forecast.table_years,
                [rate_set.pk, rate_set.name, rate_set.measure, rate_set.kind, rate_set.is_local,
                 rate_set.unit_label, rate_set.measured_in, rate_set.get_absolute_url()],
                self.prefixes[rate_set.kind], self.with_chart, links.get(rate_set.pk, []),
            ]  # fmt: skip

        def render(missing: list[int]) -> dict[int, str]:
            band_rows_read([items[pk] for pk in missing])
            need_section = engines["jinja2"].env.get_template("needs/_forecast_tables.html").module.need_section
            rendered = {}
            for pk in missing:
                item, baseline = items[pk], baselines.get(pk)
                chart = _chart(item, forecast.years, baseline) if self.with_chart else None
                rendered[pk] = need_section(
                    item, forecast, baseline, chart, self.prefixes[item.rate_set.kind],
                    with_chart=self.with_chart, links=links.get(pk, []),
                )  # fmt: skip
            return rendered

        keys = {pk: fragments.part_key(SECTION_SOURCES, shown(item)) for pk, item in items.items()}
        return fragments.kept_parts(keys, render)

    def options_form(self) -> Any:
        """The form of choices, kept for its choices and answers: the GOV.UK radios and check
        boxes for a dozen rate sets cost more to render than the rest of the form."""
        form = self.options
        shown = [
            self.area.code,
            *([name, form[name].value(), form.fields[name].choices, form.errors.get(name)] for name in form.fields),
        ]

        def render(_: list[str]) -> dict[str, str]:
            template = engines["jinja2"].env.get_template("needs/_profile_options.html")
            return {"options": template.render({"options": form, "area": self.area})}

        return fragments.kept_parts({"options": fragments.part_key(OPTIONS_SOURCES, shown)}, render)["options"]

    def section_links(self, compared: list[Any], vintages: list[Any]) -> dict[int, list[tuple[str, str]]]:
        """Under each section: its comparison and change tables further down, and the contents."""
        compared_ids = {comparison.rate_set.pk for comparison in compared}
        links: dict[int, list[tuple[str, str]]] = {}
        for item in [*self.forecast.needs, *self.forecast.demand]:
            pk, is_need = item.rate_set.pk, item.rate_set.kind == "need"
            links[pk] = [
                *([(f"This {'need' if is_need else 'service'} compared with the region and England",
                    f"#comparison-{pk}")] if pk in compared_ids else []),
                *([("This need under each projection", f"#change-{pk}")] if is_need and len(vintages) > 1 else []),
                ("Back to contents", "#contents"),
            ]  # fmt: skip
        return links

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        forecast = self.forecast
        user = self.request.user
        baseline = None
        if forecast.scenario is not None:
            baseline = area_forecast(
                area=self.area,
                vintage=self.options.cleaned_data.get("vintage") or forecast.vintage,
                rate_sets=[item.rate_set for item in [*forecast.needs, *forecast.demand]],
                bands=False,
            )
        baselines = {item.rate_set.pk: item for item in baseline.needs} if baseline else {}
        rate_sets = [item.rate_set for item in forecast.needs]
        compared, compared_vintage = comparisons(
            area=self.area,
            vintage=forecast.vintage,
            rate_sets=[item.rate_set for item in [*forecast.needs, *forecast.demand]],
            scenario=forecast.scenario,
        )
        not_compared = [
            item.rate_set for item in forecast.needs if item.rate_set.pk not in {c.rate_set.pk for c in compared}
        ]
        other_vintages = self.options.vintages
        change_years, changes = vintage_changes(area=self.area, vintages=other_vintages, rate_sets=rate_sets)
        return super().get_context_data(
            area=self.area,
            options=self.options,
            options_form=self.options_form(),
            forecast=forecast,
            sections=self.sections(forecast, baselines, self.section_links(compared, other_vintages)),
            comparisons=compared,
            compared_vintage=compared_vintage,
            not_compared=not_compared,
            vintages=other_vintages,
            change_years=change_years,
            changes=changes,
            attach_form=(
                AttachForm(activities=selectors.attachable_activity_list(user=user, area=self.area))
                if can.can_save_forecast(user)
                else None
            ),
            query=self.query(),
            forecast_method=METHOD,
            **kwargs,
        )


class AreaProfilePrintView(AreaProfileView):
    template_name = "needs/profile_print.html"
    prefixes = {"need": "print-need", "service_use": "print-demand"}
    with_chart = False

    def section_links(self, compared: list[Any], vintages: list[Any]) -> dict[int, list[tuple[str, str]]]:
        return {}


class AreaProfileDownloadView(ProfileMixin, TemplateView):
    """The forecast as CSV (built in the request) or as an Excel workbook (built by a background
    job, whose file is handed over at once when the job has already finished)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["format"] == "xlsx":
            vintage, scenario, rate_sets = self.forecast_inputs
            rate_set_ids = sorted(rate_set.pk for rate_set in rate_sets)
            return document_job_response(
                request,
                task=tasks.forecast_workbook,
                title=f"Needs forecast for {self.area.name} as an Excel workbook",
                params={
                    "area_code": self.area.code,
                    "vintage_id": vintage.pk,
                    "scenario_id": scenario.pk if scenario else None,
                    "rate_set_ids": rate_set_ids,
                },
                # The same choices, none of them changed since: the same workbook.
                reuse_key=" ".join(
                    [
                        self.area.code,
                        *(
                            f"{record._meta.model_name}{record.pk}@{record.updated_at.isoformat()}"
                            for record in [vintage, *([scenario] if scenario else []), *rate_sets]
                        ),
                    ]
                ),
                back_url=reverse("needs:area-profile", args=[self.area.code])
                + (f"?{self.query()}" if self.query() else ""),
            )
        stem = f"needs-{self.area.code}-{self.forecast.vintage.base_year}"
        detail = request.GET.get("detail") == "1"
        return attachment(
            forecast_csv(self.forecast, detail=detail),
            content_type="text/csv; charset=utf-8",
            file_name=f"{stem}{'-by-age' if detail else ''}.csv",
        )


class AttachForecastView(ProfileMixin, TemplateView):
    """Save the profile's forecast and link it as evidence to a cycle's Analyse activity."""

    permission = staticmethod(can.can_save_forecast)
    http_method_names = ["post"]
    submit_once = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return answer_once(request, self.attach, not_from_page=self.not_from_page)

    def profile_url(self) -> str:
        return reverse("needs:area-profile", args=[self.area.code]) + (f"?{self.query()}" if self.query() else "")

    def not_from_page(self) -> HttpResponse:
        messages.error(self.request, NOT_FROM_THE_PAGE)
        return HttpResponseRedirect(self.profile_url())

    def attach(self) -> HttpResponse:
        request = self.request
        activities = selectors.attachable_activity_list(user=request.user, area=self.area)
        form = AttachForm(request.POST, activities=activities)
        profile = self.profile_url()
        if not form.is_valid():
            messages.error(request, "Choose an activity to attach the forecast to")
            return HttpResponseRedirect(profile)
        activity = form.activities[form.cleaned_data["activity"]]
        try:
            saved = services.forecast_attach(by=request.user, forecast=self.forecast, activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(profile)
        messages.success(request, f"Forecast saved and attached to “{activity.title}”")
        return HttpResponseRedirect(saved.get_absolute_url())


class SavedForecastView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/saved_forecast.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        saved = selectors.saved_forecast_get(user=self.request.user, pk=self.kwargs["pk"])
        years = saved.results["years"]

        return super().get_context_data(
            saved=saved,
            years=shown_years(years),
            **kwargs,
        )
