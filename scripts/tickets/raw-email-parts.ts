/**
 * The pieces raw tickets are built from (raw-emails.ts): greetings, sign-offs, signatures, replies from
 * support, disclaimers, phone and web-form footers, as customers' mail clients and the shop's contact form
 * produce them. Varied on purpose, so that cleaning is not tested against a single template.
 */

export const FIRST_NAMES = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farid', 'Grace', 'Hannes', 'Ines', 'Jamal', 'Kasia', 'Liam', 'Mei', 'Nuno', 'Olivia', 'Pavel', 'Rosa', 'Sam', 'Tomás', 'Ursula', 'Vikram', 'Wen', 'Yusuf', 'Zoe', 'Aoife', 'Bruno', 'Carla', 'Derek'];
export const LAST_NAMES = ['Schmidt', 'Okafor', 'Dubois', 'Ivanov', 'Yılmaz', 'Haddad', 'Miller', 'Berg', 'Costa', 'Wright', 'Nowak', "O'Brien", 'Chen', 'Silva', 'Jensen', 'Novák', 'García', 'Patel', 'Lindqvist', 'Kowalski', 'Rossi', 'Fischer', 'Murphy', 'Santos'];
export const TITLES = ['Office Manager', 'Head of Procurement', 'Senior Accountant', 'Freelance Photographer', 'Operations Lead', 'Teacher', 'IT Administrator', 'Purchasing Assistant', 'Managing Director'];
export const COMPANIES = ['Berg & Costa GmbH', 'Northwind Traders Ltd', 'Studio Lumen', 'Kowalski Logistics Sp. z o.o.', 'Greenfield Primary School', 'Atlas Facility Services', 'Miller Family Dental'];
export const PHONES = ['+49 30 901820', '+44 20 7946 0958', '+1 (415) 555-0132', '0171 2345678', '+33 1 42 68 53 00', '+31 20 794 0711'];

/** Greetings on their own line; {name} is a support agent's name or the team. */
export const GREETINGS = [
  'Hi team,',
  'Hi,',
  'Hello,',
  'Hello Anna',
  'Hello support team,',
  'Dear Sir or Madam,',
  'Dear Customer Service,',
  'Dear support team,',
  'Good morning,',
  'Good afternoon!',
  'Hey there,',
  'Hi there!',
  'Hey,',
  'To whom it may concern,',
  'Dear Sir/Madam,',
  'Hiya,',
  'Guten Tag,',
  'Hallo,',
  'Hi Mark,',
  'Dear Ms. Fischer,',
  'Greetings,',
];
/** Greetings that open the first sentence on the same line. */
export const INLINE_GREETINGS = ['Hi, ', 'Hello, ', 'Hi team, ', 'Hey, ', 'Hello there, ', 'Good morning, '];

export const SIGN_OFFS = [
  'Thanks,',
  'Thanks!',
  'Thank you,',
  'Thank you in advance,',
  'Thanks in advance!',
  'Many thanks,',
  'Best regards,',
  'Best regards',
  'Kind regards,',
  'Regards,',
  'Best,',
  'Cheers,',
  'Cheers',
  'Sincerely,',
  'Yours sincerely,',
  'Yours faithfully,',
  'Warm regards,',
  'All the best,',
  'Looking forward to your reply,',
  'Thanks for your help,',
  'Have a nice day,',
  'Mit freundlichen Grüßen',
  'Thx',
];

export const MOBILE_FOOTERS = ['Sent from my iPhone', 'Sent from my Samsung Galaxy smartphone.', 'Get Outlook for Android', 'Get Outlook for iOS', 'Sent from Yahoo Mail for iPhone', 'Sent from my iPad', 'Von meinem iPhone gesendet'];

export const DISCLAIMERS = [
  'This email and any attachments are confidential and intended solely for the use of the individual or entity to whom they are addressed. If you have received this email in error, please notify the sender and delete it.',
  'CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s) and may contain confidential and privileged information.',
  'The information contained in this message is confidential and may be legally privileged. It is intended solely for the addressee.',
  'DISCLAIMER: This message and any files transmitted with it are confidential. Any unauthorised use or disclosure is prohibited.',
  'Please consider the environment before printing this email.',
  'This e-mail is confidential. If you are not the intended recipient, you must not copy, distribute or act on it.\nPlease notify the sender immediately and delete this e-mail.',
];

export const UNSUBSCRIBE = ['To unsubscribe from these notifications, reply STOP or visit your account settings.', 'You are receiving this email because you contacted Shop Support.', 'Manage your email preferences in your account.'];

/** Earlier replies from support; {subject} is the ticket's subject, {first} the customer's first name. */
export const SUPPORT_REPLIES = [
  'Hello {first},\n\nThank you for contacting us about "{subject}". We have forwarded your request to the responsible team and will get back to you within 2 business days.\n\nKind regards,\nShop Support',
  'Hi {first},\n\nthanks for your message. Could you please send us your order number and a photo of the item?\n\nBest,\nLaura | Customer Care',
  'Dear customer,\n\nWe are sorry to hear about your experience. Your case has been escalated.\n\nShop Customer Service\nhttps://shop.example/help',
  'Hello,\n\nWe have checked your account and everything looks fine on our side. Please try again and let us know if the problem persists.\n\nRegards,\nMarek from Support',
  'Hi {first}, this is an automatic confirmation that we received your request "{subject}". Ticket #48213.',
];

export const SUPPORT_SENDERS = ['Shop Support <support@shop.example>', 'Customer Care <care@shop.example>', 'Laura (Shop Support) <help@shop.example>', 'support@shop.example'];
export const REPLY_DATES = [
  { short: 'Tue, 3 Nov 2026 at 10:12', long: 'Tuesday, November 3, 2026 10:12 AM', de: '03.11.2026 um 10:12' },
  { short: 'Mon, 26 Oct 2026 at 16:45', long: 'Monday, October 26, 2026 4:45 PM', de: '26.10.2026 um 16:45' },
  { short: 'Fri, 30 Oct 2026 at 09:03', long: 'Friday, October 30, 2026 9:03 AM', de: '30.10.2026 um 09:03' },
  { short: 'Wed, 4 Nov 2026 at 08:21', long: 'Wednesday, November 4, 2026 8:21 AM', de: '04.11.2026 um 08:21' },
];

export const BROWSERS = ['Chrome 131.0.6778.86', 'Firefox 133.0', 'Safari 18.1', 'Edge 131.0.2903.70', 'Samsung Internet 26.0'];
export const SYSTEMS = ['Windows 11', 'macOS 15.1', 'Android 15', 'iOS 18.1', 'Ubuntu 24.04'];
export const FORM_TOPICS = ['Order problem', 'Payment', 'Delivery', 'My account', 'Returns & refunds', 'Other'];
