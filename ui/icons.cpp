#include "ui/icons.h"

#include <QApplication>
#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

namespace ferry::ui {

namespace {

QString fileOf(Icon which) {
    switch (which) {
    case Icon::Send:
        return QStringLiteral("send");
    case Icon::Invite:
        return QStringLiteral("invite");
    case Icon::Connect:
        return QStringLiteral("connect");
    case Icon::Address:
        return QStringLiteral("address");
    case Icon::Scan:
        return QStringLiteral("scan");
    case Icon::Settings:
        return QStringLiteral("settings");
    case Icon::Search:
        return QStringLiteral("search");
    case Icon::More:
        return QStringLiteral("more");
    case Icon::Requests:
        return QStringLiteral("requests");
    case Icon::Relay:
        return QStringLiteral("relay");
    case Icon::Copy:
        return QStringLiteral("copy");
    case Icon::Save:
        return QStringLiteral("save");
    case Icon::Camera:
        return QStringLiteral("camera");
    case Icon::Image:
        return QStringLiteral("image");
    case Icon::Screen:
        return QStringLiteral("screen");
    }
    return {};
}

QByteArray readSvg(const QString& name) {
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Renders the SVG at whatever size and device pixel ratio is asked for, so icons stay sharp
// on high-DPI screens; disabled icons are drawn faded.
class SvgIconEngine : public QIconEngine {
public:
    explicit SvgIconEngine(QByteArray svg) : m_svg(std::move(svg)) {}

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
        QSvgRenderer renderer(m_svg);
        painter->save();
        if (mode == QIcon::Disabled)
            painter->setOpacity(0.4);
        renderer.render(painter, rect);
        painter->restore();
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override {
        QPixmap pm(size * scale);
        pm.setDevicePixelRatio(scale);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        paint(&p, QRect(QPoint(), size), mode, state);
        return pm;
    }

    QIconEngine* clone() const override { return new SvgIconEngine(m_svg); }

private:
    QByteArray m_svg;
};

} // namespace

QIcon icon(Icon which) {
    return icon(which, QApplication::palette().color(QPalette::WindowText));
}

QIcon icon(Icon which, const QColor& color) {
    QByteArray svg = readSvg(fileOf(which));
    svg.replace("currentColor", color.name().toLatin1());
    return QIcon(new SvgIconEngine(std::move(svg)));
}

QIcon appIcon() {
    return QIcon(new SvgIconEngine(readSvg(QStringLiteral("ferry"))));
}

} // namespace ferry::ui
