/**
 * Raw tickets written by hand for the fixture (raw-emails.ts puts them in place of generated ones): each
 * contains its ticket's body word for word, with noise and content that generated templates do not have
 * (a customer's own extra sentence, a quotation the customer relies on, a sign-off-like line with content).
 */
import type { RawTicket } from './raw-emails.js';

export const HAND_WRITTEN: Record<string, Omit<RawTicket, 'id'>> = {
  'TK-005': {
    channel: 'email',
    noise: ["greeting", "sign_off", "quoted_reply"],
    raw: "Hello Returns team,\n\nI know the 30 days ended on Sunday, but I was in hospital all last week. The jeans still have the tags on. Would you still accept them back and refund me? Order ORD-836147.\n\nI can send the discharge letter if that helps.\n\nThank you so much,\nHelena\n\nOn Mon, 26 Oct 2026 at 16:45, Shop Returns <returns@shop.example> wrote:\n> Hi Helena,\n> our return window is 30 days from delivery.\n> Best, Returns team",
  },
  'TK-018': {
    channel: 'email',
    noise: ["greeting", "sign_off", "signature", "disclaimer"],
    raw: "Dear Data Protection Officer,\n\nI downloaded my data export from the privacy section. It contains my addresses but none of my orders from before 2022. Is that really all the data you keep? I asked for everything.\n\nRegards,\n\nDr. Martin Lindqvist\nSenior Accountant\nAtlas Facility Services\nPhone: +46 8 123 456 78\n\nThe information contained in this email is confidential and may be legally privileged. If you are not the intended recipient, please delete it.",
  },
  'TK-031': {
    channel: 'mobile',
    noise: ["mobile_footer"],
    raw: "How do I set a new password? I can't find the option in the app, maybe it's only on the website? I want to change it because I used the same one on another site that had a data leak.\n\nSent from my iPhone",
  },
  'TK-044': {
    channel: 'email',
    noise: ["greeting", "sign_off"],
    raw: "Hi,\nParcel was left outside in the rain, the cardboard was soaked and the cotton bath towels inside are damp and smell musty. Order ORD-806235. Can you send new ones please?\nThanks for nothing so far, this is my second message about it.\nCheers\nRob",
  },
  'TK-057': {
    channel: 'email',
    noise: ["greeting", "sign_off", "quoted_reply"],
    raw: "Good evening,\n\nI got an email saying I won a 500 EUR voucher in your anniversary raffle and must pay a 4.90 EUR 'processing fee' with my card details. I never entered any raffle. Scam?\n\nThe mail said:\n> Congratulations! You have won a 500 EUR voucher.\n> Pay the processing fee of 4.90 EUR within 24 hours to claim it.\nIs this really from you?\n\nBest wishes,\nMarta\n\n-----Original Message-----\nFrom: Shop Rewards <rewards@shop-prizes.example>\nSent: Wednesday, November 4, 2026 8:21 AM\nSubject: You are our lucky winner!",
  },
  'TK-070': {
    channel: 'web_form',
    noise: ["form_fields", "web_form_footer"],
    raw: "Name: Joanna Kowalska\nEmail: joanna.k@mail.example\nOrder number: ORD-254871\nTopic: Delivery\nMessage:\nMy tracking for ORD-254871 hasn't updated since 'arrived at sorting centre' ten days ago. It's a birthday present (a building block set) and the birthday is on Saturday. Can you please contact the courier and find out what's going on?\n\n----\nTicket submitted via web form\nBrowser: Safari 18.1\nOS: iOS 18.1\nIP address: 203.0.113.24",
  },
  'TK-083': {
    channel: 'email',
    noise: ["greeting", "sign_off", "signature"],
    raw: "Hey,\n\nI paid extra for next-day express because I needed the HDMI cable for a presentation, and it arrived five working days later. Order ORD-144690. Kinda pointless paying for express if it comes with the normal post.\n\nBest,\nOwen\n-- \nOwen Price | Freelance Photographer\nM: +44 7700 900123\nwww.owenprice.example",
  },
  'TK-096': {
    channel: 'mobile',
    noise: ["greeting", "mobile_footer"],
    raw: "hello\nPaid in the Android app, got 'payment failed, please try again', so I tried again. Both payments went through, 2x 67.40 EUR. And there's no order in my account. Your app is broken.\n\nGet Outlook for Android",
  },
  'TK-109': {
    channel: 'email',
    noise: ["greeting", "sign_off", "quoted_reply"],
    raw: "Dear Sir or Madam,\n\nThe Fjell 3-door wardrobe is being delivered on Thursday. I'm on the 4th floor with no lift. Will the delivery team carry it up, or just leave it at the building entrance? I need to know so I can arrange help.\n\nThank you in advance.\n\nKind regards\nIngrid Haugen\n\nAm 03.11.2026 um 10:12 schrieb Shop Delivery <delivery@shop.example>:\n> Your delivery is scheduled for Thursday between 8:00 and 12:00.\n> Delivery reference: DLV-88213",
  },
  'TK-122': {
    channel: 'email',
    noise: ["greeting", "sign_off", "disclaimer"],
    raw: "To whom it may concern,\n\nYour store sent me an order confirmation for designer sneakers, paid by a card I don't recognise and delivered to my address. I did not order this. Someone might be using my name for something dodgy.\n\nPlease cancel it and tell me what data of mine was used.\n\nYours faithfully,\nP. Adeyemi\n\nCONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s).",
  },
  'TK-135': {
    channel: 'email',
    noise: ["greeting", "sign_off", "quoted_reply"],
    raw: "Hi again,\nI sent the return for ORD-377150 with your label on 20 Sept. Tracking stopped after drop-off and your warehouse says it never arrived, so no refund. I have the drop-off receipt. Please pay me back the 89 GBP and chase the courier.\nThanks,\nGareth\n\nOn Fri, 30 Oct 2026 at 09:03, Customer Care <care@shop.example> wrote:\n> Dear Gareth,\n>\n> we could not find your return in our warehouse. Please contact the carrier.\n>\n> Customer Care",
  },
  'TK-148': {
    channel: 'web_form',
    noise: ["form_fields", "web_form_footer"],
    raw: "##- Please type your reply above this line -##\n\nName: Kenji Mori\nEmail: kenji@mail.example\nSubject: No product pictures in iOS app\nMessage: For two days none of the product pictures load in the iOS app, just grey boxes everywhere. The website is fine. iPhone 13, iOS 17.4, app is up to date.\n\nSubmitted via Help Center widget\nBrowser: Shop app 6.12.0 (iOS)\n[ref:_00D4412._50077310:ref]",
  },
};
