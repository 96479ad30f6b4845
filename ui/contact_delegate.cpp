#include "ui/contact_delegate.h"

#include "ui/chat_text.h"
#include "ui/contact_list_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace ferry::ui {

namespace {
constexpr int kAvatar = 40;
constexpr int kPadding = 8;
} // namespace

QString contactSubtitle(const QModelIndex& index) {
    const auto status = static_cast<ContactState>(index.data(ContactListModel::StatusRole).toInt());
    if (status == ContactState::Pending)
        return QCoreApplication::translate("ferry::ui::ContactDelegate",
                                           "Waiting for the connection to complete…");
    if (status == ContactState::Deleted)
        return QCoreApplication::translate("ferry::ui::ContactDelegate", "Left the conversation");
    const QString last = index.data(ContactListModel::LastMessageRole).toString();
    if (last.isEmpty())
        return QCoreApplication::translate("ferry::ui::ContactDelegate", "Connected. Say hello!");
    const auto state =
        static_cast<MessageState>(index.data(ContactListModel::LastStateRole).toInt());
    const QString firstLine = last.section(QLatin1Char('\n'), 0, 0);
    return state == MessageState::Received ? firstLine
                                           : stateMark(state) + QLatin1Char(' ') + firstLine;
}

QSize ContactDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const int text = 2 * option.fontMetrics.lineSpacing() + 4;
    return {200, std::max(kAvatar, text) + 2 * kPadding};
}

void ContactDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = {};
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, focus

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette& pal = option.palette;
    const QColor text = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor faded = selected ? text : pal.color(QPalette::PlaceholderText);
    const QRect r = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);

    const QString name = index.data(ContactListModel::NameRole).toString();
    const QRect avatar(r.left(), r.top() + (r.height() - kAvatar) / 2, kAvatar, kAvatar);
    painter->setPen(Qt::NoPen);
    painter->setBrush(avatarColor(name));
    painter->drawEllipse(avatar);
    QFont initialsFont = option.font;
    initialsFont.setBold(true);
    painter->setFont(initialsFont);
    painter->setPen(Qt::white);
    painter->drawText(avatar, Qt::AlignCenter, initialsOf(name));

    const int textLeft = avatar.right() + kPadding + 2;
    const int line = option.fontMetrics.lineSpacing();
    const QRect top(textLeft, r.top() + (r.height() - 2 * line) / 2, r.right() - textLeft, line);
    const QRect bottom = top.translated(0, line + 2);

    // First line: name on the left, time on the right.
    const QString time = listTime(index.data(ContactListModel::LastTimeRole).toDateTime(),
                                  QDateTime::currentDateTime());
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.9);
    const QFontMetrics smallMetrics(small);
    const int timeWidth = smallMetrics.horizontalAdvance(time);
    painter->setFont(small);
    painter->setPen(faded);
    painter->drawText(top, Qt::AlignRight | Qt::AlignVCenter, time);
    QFont nameFont = option.font;
    nameFont.setBold(true);
    painter->setFont(nameFont);
    painter->setPen(text);
    const QRect nameRect = top.adjusted(0, 0, -(timeWidth + kPadding), 0);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    // Second line: last message or state, and the unread badge.
    const int unread = index.data(ContactListModel::UnreadRole).toInt();
    int badgeWidth = 0;
    if (unread > 0) {
        const QString count = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        badgeWidth = std::max(line, smallMetrics.horizontalAdvance(count) + line / 2);
        const QRect badge(bottom.right() - badgeWidth, bottom.top(), badgeWidth, line);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? pal.color(QPalette::HighlightedText)
                                   : pal.color(QPalette::Highlight));
        painter->drawRoundedRect(badge, line / 2.0, line / 2.0);
        painter->setFont(small);
        painter->setPen(selected ? pal.color(QPalette::Highlight)
                                 : pal.color(QPalette::HighlightedText));
        painter->drawText(badge, Qt::AlignCenter, count);
    }
    const auto status = static_cast<ContactState>(index.data(ContactListModel::StatusRole).toInt());
    QFont subtitleFont = option.font;
    subtitleFont.setItalic(status == ContactState::Pending);
    subtitleFont.setBold(unread > 0);
    painter->setFont(subtitleFont);
    painter->setPen(unread > 0 ? text : faded);
    const QRect subtitleRect = bottom.adjusted(0, 0, -(badgeWidth ? badgeWidth + kPadding : 0), 0);
    painter->drawText(
        subtitleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(subtitleFont)
            .elidedText(contactSubtitle(index), Qt::ElideRight, subtitleRect.width()));
    painter->restore();
}

} // namespace ferry::ui
