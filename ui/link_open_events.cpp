#include "ui/link_open_events.h"

#include <QFileOpenEvent>
#include <QUrl>
#include <utility>

namespace ferry::ui {

QString LinkOpenEvents::takePending() {
    return std::exchange(m_pending, QString());
}

bool LinkOpenEvents::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::FileOpen)
        return QObject::eventFilter(watched, event);
    const QUrl url = static_cast<QFileOpenEvent*>(event)->url();
    if (url.scheme().compare(QLatin1String("ferry"), Qt::CaseInsensitive) != 0)
        return QObject::eventFilter(watched, event); // a file: not ours to take
    const QString link = url.toString(QUrl::FullyEncoded);
    if (m_delivering)
        emit linkOpened(link);
    else
        m_pending = link;
    return true;
}

} // namespace ferry::ui
