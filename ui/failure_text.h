#pragma once

#include <QString>

namespace ferry::ui {

/// An engine failure as a sentence for a dialog: core's message ("this invitation link was
/// already used, …") capitalised and ended, or the app's own words where core's mention a
/// command-line tool or need a next step.
QString failureText(const QString& message, const QString& code);

} // namespace ferry::ui
