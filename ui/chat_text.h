#pragma once

#include "ui/engine_items.h"

#include <QDateTime>
#include <QString>

namespace ferry::ui {

/// A message's text as rich text for a label: HTML-escaped, line breaks kept, and web and
/// Ferry links made clickable. Nothing in the text can inject markup.
QString messageHtml(const QString& text);

/// "Today", "Yesterday", a weekday within the last week, else the date: the separator shown
/// above the first message of a day.
QString dayLabel(const QDate& day, const QDate& today);

/// The time shown in the contact list: the clock time today, "Yesterday", a weekday within
/// the week, else a short date.
QString listTime(const QDateTime& time, const QDateTime& now);

/// The mark after an outgoing message's time (clock, one tick, two ticks, a warning sign).
QString stateMark(MessageState state);
/// The same in words, for tooltips and screen readers.
QString stateDescription(MessageState state);

/// Up to two initials of a name, for an avatar.
QString initialsOf(const QString& name);
/// A stable colour for a name, so an avatar looks the same everywhere.
QColor avatarColor(const QString& name);

} // namespace ferry::ui
