#pragma once

#include <QStyledItemDelegate>

namespace ferry::ui {

/// Draws a contact list row: avatar with initials, name, time of the last message, the last
/// message (or the connection state) and the unread count.
class ContactDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

/// The second line of a contact row in words (also its accessible description).
QString contactSubtitle(const QModelIndex& index);

} // namespace ferry::ui
