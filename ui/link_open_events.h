#pragma once

// ferry: links that the system hands to the running app as events rather than on the command
// line: macOS delivers a link opened in a browser or another app as a QFileOpenEvent to the
// application (on other systems the link arrives as an argument, see app/gui_main.cpp).

#include <QObject>
#include <QString>

namespace ferry::ui {

/// An event filter for the application object. A link that arrives before anyone listens (while
/// the profile is being unlocked) is kept for takePending().
class LinkOpenEvents : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    /// The last link that arrived while nobody listened to linkOpened, once; empty if none.
    QString takePending();
    /// From now on links go to linkOpened as they come.
    void startDelivering() { m_delivering = true; }

    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void linkOpened(const QString& link);

private:
    QString m_pending;
    bool m_delivering = false;
};

} // namespace ferry::ui
