#pragma once

#include "ui/node_types.h"

#include <QChartView>
#include <QList>

class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace ferry::ui {

/// The relay's traffic over time: bytes received and sent per second, as two lines against
/// a time axis, in the palette's colours, without animations. With no points it says so.
class TrafficChart : public QChartView {
    Q_OBJECT

public:
    explicit TrafficChart(QWidget* parent = nullptr);

    /// Plots `points` (any order) over `range`; an empty list shows "No traffic yet".
    void setPoints(TrafficRange range, const QList<TrafficPoint>& points);
    TrafficRange range() const { return m_range; }
    /// How many points each line has: the number of TrafficPoints plotted.
    int pointCount() const;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyPalette();
    void placeEmptyLabel();

    TrafficRange m_range = TrafficRange::LastHour;
    QLineSeries* m_in;
    QLineSeries* m_out;
    QDateTimeAxis* m_timeAxis;
    QValueAxis* m_rateAxis;
    QLabel* m_empty;
};

} // namespace ferry::ui
