#pragma once

#include <QIcon>

class QColor;

namespace ferry::ui {

/// The app's own icons (SVG, drawn in the palette's text colour so they suit light and
/// dark themes, sharp at any device pixel ratio).
enum class Icon {
    Send,
    Invite,
    Connect,
    Address,
    Scan,
    Settings,
    Search,
    More,
    Requests,
    Relay,
    Copy,
    Save,
    Camera,
    Image,
    Screen,
};

/// `which` drawn in `color` (default: the application palette's window text colour).
QIcon icon(Icon which);
QIcon icon(Icon which, const QColor& color);

/// Ferry's application icon, in its own colours.
QIcon appIcon();

} // namespace ferry::ui
