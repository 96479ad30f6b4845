#include "ui/failure_text.h"

#include "agent/agent_errc.h"

#include <QCoreApplication>

namespace ferry::ui {

QString failureText(const core::Error& error) {
    if (error.code == core::agent::AgentErrc::NoRelay)
        return QCoreApplication::translate(
            "ferry::ui::FailureText",
            "No relay can take a new conversation: you have no relay of your own, and no relay "
            "directory offered one. Add a relay or a relay directory under Settings → Relays, "
            "then try again.");
    if (error.code == core::agent::AgentErrc::LinkUsed)
        return QCoreApplication::translate(
            "ferry::ui::FailureText",
            "This invitation link was already used, or it was deleted. Ask for a new one.");
    QString text = QString::fromStdString(error.message).trimmed();
    if (text.isEmpty())
        return QCoreApplication::translate("ferry::ui::FailureText", "Something went wrong.");
    text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.')) && !text.endsWith(QLatin1Char('!')) &&
        !text.endsWith(QLatin1Char('?')))
        text += QLatin1Char('.');
    return text;
}

} // namespace ferry::ui
