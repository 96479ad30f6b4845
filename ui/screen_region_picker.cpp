#include "ui/screen_region_picker.h"

#include "ui/async_qr_decoder.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QScreen>

namespace ferry::ui {

namespace {

constexpr int kMinimumSelection = 12; // smaller drags are clicks
constexpr int kDimAlpha = 110;

} // namespace

ScreenRegionPicker::ScreenRegionPicker(QWidget* parent)
    : QWidget(parent), m_decoder(new AsyncQrDecoder(this)) {
    m_capture = grabScreens(&m_geometry);
    setUp();
}

ScreenRegionPicker::ScreenRegionPicker(const QImage& capture, const QRect& geometry,
                                       QWidget* parent)
    : QWidget(parent), m_capture(capture), m_geometry(geometry),
      m_decoder(new AsyncQrDecoder(this)) {
    if (m_geometry.isEmpty())
        m_geometry = QRect(QPoint(0, 0), capture.deviceIndependentSize().toSize());
    setUp();
}

ScreenRegionPicker::~ScreenRegionPicker() = default;

void ScreenRegionPicker::setUp() {
    setObjectName(QStringLiteral("screenRegionPicker"));
    setWindowFlags(Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint);
    setWindowTitle(tr("Scan the screen"));
    setAccessibleName(tr("Pick the part of the screen that shows the QR code"));
    setCursor(Qt::CrossCursor);
    setMouseTracking(false);
    m_hint = tr("Drag a rectangle around the QR code. Esc cancels.");
    connect(m_decoder, &AsyncQrDecoder::decoded, this, [this](const QString& text) {
        m_stage = Stage::Idle;
        hide();
        emit decoded(text);
    });
    connect(m_decoder, &AsyncQrDecoder::notFound, this, &ScreenRegionPicker::onNotFound);
}

QImage ScreenRegionPicker::grabScreens(QRect* geometry) {
    const auto screens = QGuiApplication::screens();
    QRect desktop;
    qreal ratio = 1;
    for (const QScreen* screen : screens) {
        desktop |= screen->geometry();
        ratio = std::max(ratio, screen->devicePixelRatio());
    }
    if (geometry)
        *geometry = desktop;
    if (desktop.isEmpty())
        return {};
    // One image at the highest scale factor, so that no screen loses detail.
    QImage image((QSizeF(desktop.size()) * ratio).toSize(), QImage::Format_RGB32);
    image.fill(Qt::black);
    bool any = false;
    {
        QPainter painter(&image);
        for (QScreen* screen : screens) {
            const QPixmap shot = screen->grabWindow(0);
            if (shot.isNull())
                continue;
            any = true;
            const QRect area = screen->geometry().translated(-desktop.topLeft());
            painter.drawPixmap(QRectF(QPointF(area.topLeft()) * ratio, QSizeF(area.size()) * ratio),
                               shot, QRectF(shot.rect()));
        }
    }
    if (!any)
        return {};
    image.setDevicePixelRatio(ratio);
    return image;
}

void ScreenRegionPicker::start() {
    if (m_capture.isNull()) {
        emit unavailable(tr("Ferry cannot capture the screen on this system. Take a screenshot "
                            "and use Open image… or Paste image instead."));
        return;
    }
    m_stage = Stage::WholeCapture;
    m_decoder->decodeImage(m_capture);
}

void ScreenRegionPicker::showOverlay() {
    m_stage = Stage::Picking;
    m_selection = {};
    setGeometry(m_geometry);
    if (QGuiApplication::screens().size() <= 1)
        showFullScreen();
    else
        show();
    raise();
    activateWindow();
    setFocus(Qt::OtherFocusReason);
}

void ScreenRegionPicker::decodeRegion(const QRect& region) {
    if (m_decoder->busy())
        return;
    m_stage = Stage::Region;
    m_hint = tr("Looking for a QR code…");
    update();
    m_decoder->decodeRegion(m_capture, toCapturePixels(region));
}

QRect ScreenRegionPicker::toCapturePixels(const QRect& region) const {
    // The overlay may have been given another size than asked for (a window manager).
    const QSize shown = isVisible() ? size() : m_geometry.size();
    const qreal sx = shown.width() > 0 ? qreal(m_capture.width()) / shown.width() : 1;
    const qreal sy = shown.height() > 0 ? qreal(m_capture.height()) / shown.height() : 1;
    return QRectF(region.x() * sx, region.y() * sy, region.width() * sx, region.height() * sy)
        .toAlignedRect();
}

void ScreenRegionPicker::onNotFound() {
    if (m_stage == Stage::WholeCapture) {
        showOverlay();
        return;
    }
    m_stage = Stage::Picking;
    m_hint = tr("No QR code found there. Drag around the code again, or press Esc to cancel.");
    update();
    emit notFound();
}

void ScreenRegionPicker::cancel() {
    m_stage = Stage::Idle;
    hide();
    emit cancelled();
}

void ScreenRegionPicker::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.drawImage(rect(), m_capture);
    // Everything but the selection is dimmed, so the chosen area stands out.
    QRegion dim(rect());
    if (!m_selection.isEmpty())
        dim -= QRegion(m_selection);
    painter.setClipRegion(dim);
    painter.fillRect(rect(), QColor(0, 0, 0, kDimAlpha));
    painter.setClipping(false);
    if (!m_selection.isEmpty()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawRect(m_selection.adjusted(0, 0, -1, -1));
    }
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    painter.setFont(font);
    const QRect textRect = painter.fontMetrics().boundingRect(rect().adjusted(40, 0, -40, 0),
                                                              Qt::TextWordWrap, m_hint);
    const QRect box(QPoint((width() - textRect.width()) / 2 - 16, 32),
                    QSize(textRect.width() + 32, textRect.height() + 16));
    painter.fillRect(box, QColor(0, 0, 0, 200));
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
}

void ScreenRegionPicker::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape) {
        cancel();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ScreenRegionPicker::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::RightButton) {
        cancel();
        return;
    }
    if (event->button() != Qt::LeftButton || m_stage != Stage::Picking)
        return;
    m_dragging = true;
    m_origin = event->position().toPoint();
    m_selection = QRect(m_origin, QSize());
    update();
}

void ScreenRegionPicker::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging)
        return;
    m_selection = QRect(m_origin, event->position().toPoint()).normalized();
    update();
}

void ScreenRegionPicker::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging || event->button() != Qt::LeftButton)
        return;
    m_dragging = false;
    m_selection = QRect(m_origin, event->position().toPoint()).normalized();
    if (m_selection.width() < kMinimumSelection || m_selection.height() < kMinimumSelection) {
        m_selection = {};
        update();
        return;
    }
    decodeRegion(m_selection);
}

} // namespace ferry::ui
