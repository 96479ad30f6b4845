#include "ui/traffic_chart.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

namespace ferry::ui {

namespace {

constexpr double kKilo = 1024;
constexpr qint64 kHourMs = 3600LL * 1000;

qint64 spanMs(TrafficRange range) {
    switch (range) {
    case TrafficRange::LastHour:
        return kHourMs;
    case TrafficRange::LastDay:
        return 24 * kHourMs;
    case TrafficRange::LastMonth:
        return 30 * 24 * kHourMs;
    }
    return kHourMs;
}

QString timeFormat(TrafficRange range) {
    return range == TrafficRange::LastMonth ? QStringLiteral("d MMM") : QStringLiteral("HH:mm");
}

} // namespace

TrafficChart::TrafficChart(QWidget* parent)
    : QChartView(parent), m_in(new QLineSeries), m_out(new QLineSeries),
      m_timeAxis(new QDateTimeAxis), m_rateAxis(new QValueAxis),
      m_empty(new QLabel(tr("No traffic yet"), this)) {
    setObjectName(QStringLiteral("trafficChart"));
    setAccessibleName(tr("Traffic chart"));
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(Qt::NoBrush);
    setStyleSheet(QStringLiteral("background: transparent"));
    setMinimumHeight(220);

    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_in->setName(tr("Received"));
    m_out->setName(tr("Sent"));
    chart->addSeries(m_in);
    chart->addSeries(m_out);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_rateAxis, Qt::AlignLeft);
    for (auto* series : {m_in, m_out}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_rateAxis);
    }
    m_timeAxis->setTickCount(7);
    m_rateAxis->setMin(0);
    // The view owns the chart, the chart owns series and axes. QChartView made a default
    // chart of its own and only releases it here: delete it, or it leaks.
    QChart* placeholder = this->chart();
    setChart(chart);
    delete placeholder;

    m_empty->setObjectName(QStringLiteral("trafficEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    applyPalette();
    setPoints(m_range, {});
}

void TrafficChart::setPoints(TrafficRange range, const QList<TrafficPoint>& points) {
    m_range = range;
    QList<QPointF> in;
    QList<QPointF> out;
    in.reserve(points.size());
    out.reserve(points.size());
    double peak = 0;
    qint64 first = 0;
    qint64 last = 0;
    for (const TrafficPoint& point : points) {
        const qint64 ms = point.time.toMSecsSinceEpoch();
        first = in.isEmpty() ? ms : std::min(first, ms);
        last = in.isEmpty() ? ms : std::max(last, ms);
        peak = std::max({peak, point.bytesInPerSecond, point.bytesOutPerSecond});
        in.append({static_cast<double>(ms), point.bytesInPerSecond});
        out.append({static_cast<double>(ms), point.bytesOutPerSecond});
    }
    auto byTime = [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); };
    std::sort(in.begin(), in.end(), byTime);
    std::sort(out.begin(), out.end(), byTime);

    // The axis shows the whole range, ending at the newest point, and never hides a point.
    if (in.isEmpty())
        last = QDateTime::currentMSecsSinceEpoch();
    const qint64 start =
        in.isEmpty() ? last - spanMs(range) : std::min(first, last - spanMs(range));
    m_timeAxis->setFormat(timeFormat(range));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(start),
                         QDateTime::fromMSecsSinceEpoch(std::max(last, start + 1)));

    // One unit for the whole axis, chosen by the peak, so the labels stay short numbers.
    double unit = 1;
    QString unitName = tr("bytes/s");
    if (peak >= kKilo * kKilo) {
        unit = kKilo * kKilo;
        unitName = tr("MB/s");
    } else if (peak >= kKilo) {
        unit = kKilo;
        unitName = tr("KB/s");
    }
    for (auto* list : {&in, &out}) {
        for (QPointF& p : *list)
            p.setY(p.y() / unit);
    }
    m_in->replace(in);
    m_out->replace(out);
    m_rateAxis->setTitleText(unitName);
    m_rateAxis->setRange(0, std::max(1.0, peak / unit * 1.1));
    m_rateAxis->applyNiceNumbers();
    m_rateAxis->setLabelFormat(m_rateAxis->max() >= 10 ? QStringLiteral("%.0f")
                                                       : QStringLiteral("%.1f"));
    m_empty->setVisible(in.isEmpty());
    m_in->setVisible(!in.isEmpty());
    m_out->setVisible(!out.isEmpty());
    placeEmptyLabel();
}

int TrafficChart::pointCount() const {
    return static_cast<int>(m_in->count());
}

void TrafficChart::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void TrafficChart::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    placeEmptyLabel();
}

void TrafficChart::applyPalette() {
    const QPalette& colours = palette();
    QChart* c = chart();
    // The chart draws on whatever is behind it (the panel), like the labels around it.
    c->setBackgroundVisible(false);
    c->setPlotAreaBackgroundVisible(false);
    c->legend()->setLabelColor(colours.color(QPalette::Text));
    const QColor text = colours.color(QPalette::Text);
    QColor grid = text;
    grid.setAlphaF(0.15);
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(m_timeAxis), static_cast<QAbstractAxis*>(m_rateAxis)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(grid);
        axis->setGridLineColor(grid);
    }
    // Received in the highlight colour; sent in a hue across the colour wheel from it.
    const QColor in = colours.color(QPalette::Highlight);
    QColor out = QColor::fromHsv((std::max(0, in.hsvHue()) + 150) % 360,
                                 std::max(in.hsvSaturation(), 120), std::max(in.value(), 160));
    m_in->setPen(QPen(in, 2));
    m_out->setPen(QPen(out, 2));
    QPalette emptyPalette = m_empty->palette();
    emptyPalette.setColor(QPalette::WindowText, colours.color(QPalette::PlaceholderText));
    m_empty->setPalette(emptyPalette);
}

void TrafficChart::placeEmptyLabel() {
    m_empty->setGeometry(rect());
    m_empty->raise();
}

} // namespace ferry::ui
