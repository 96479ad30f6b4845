#pragma once

#include "util/result.h"

#include <QString>

namespace ferry::ui {

/// An engine failure as a sentence for a dialog: core's message ("this invitation link was
/// already used, …") capitalised and ended, or the app's own words where core's mention a
/// command-line tool or need a next step.
QString failureText(const core::Error& error);

} // namespace ferry::ui
