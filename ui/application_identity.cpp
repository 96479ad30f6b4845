#include "application_identity.h"

#include <QCoreApplication>

namespace ferry::ui {

void applyApplicationIdentity(QCoreApplication& app) {
    app.setOrganizationName(QStringLiteral("Ferry"));
    app.setOrganizationDomain(QStringLiteral("ferry.invalid"));
    app.setApplicationName(QStringLiteral("Ferry"));
    app.setApplicationVersion(QStringLiteral(FERRY_VERSION));
}

} // namespace ferry::ui
