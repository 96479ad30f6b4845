#pragma once

class QCoreApplication;

namespace ferry::ui {

/// Sets the organization, application name and version Qt uses for settings paths,
/// QStandardPaths folders and --version; called once by every Qt entry point.
void applyApplicationIdentity(QCoreApplication& app);

} // namespace ferry::ui
