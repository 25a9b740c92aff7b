"""Component-class colours for widgets that draw their own strips, resolved against the theme."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """Only what component class `name` of `widget` sets (so it layers over other parts),
    with its colours made opaque over the background the text sits on, as Textual does for a
    widget's own colours: `auto` (which `$text`, `$text-muted` and `$text-disabled` are) picks
    the colour that contrasts with that background, and translucent colours are blended in.

    Textual's `get_component_rich_style(partial=True)` does neither: `$text` came out as pure
    white on every theme, white on a light background."""
    styles = widget.get_component_styles(name)
    background = widget.background_colors[1]
    bgcolor = None
    if styles.has_rule("background"):
        background += styles.background
        bgcolor = background.rich_color
    color = None
    if styles.has_rule("color"):
        colour = styles.color
        if styles.has_rule("auto_color") and styles.auto_color:
            colour = background.get_contrast_text(colour.a)
        color = (background + colour).rich_color
    return Style(color=color, bgcolor=bgcolor) + styles.text_style
