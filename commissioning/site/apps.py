from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class SiteConfig(AppConfig):
    """The whole site: the home dashboard, the menu, overview pages that draw on several apps, and
    the API's assembly. It sits above every domain app, so none of them needs to import another
    to be shown together."""

    name = "commissioning.site"
    label = "site"
    verbose_name = "Site"
    menu = (
        MenuItem("Home", "site:home", 0),
        MenuItem("Areas", "site:area-list", 60),
    )
