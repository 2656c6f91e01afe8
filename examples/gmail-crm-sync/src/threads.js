// Threadline's Gmail side: copies a customer's threads into the CRM and sends the replies
// written there. Uses the official Node client (googleapis).
const { google } = require('googleapis');

async function syncThreads(auth, customerEmail, timeline) {
  const gmail = google.gmail({ version: 'v1', auth });
  const listed = await gmail.users.messages.list({ userId: 'me', q: `from:${customerEmail} OR to:${customerEmail}` });
  for (const { id } of listed.data.messages || []) {
    const message = await gmail.users.messages.get({ userId: 'me', id, format: 'full' });
    await timeline.add(customerEmail, message.data);
  }
}

async function sendReply(auth, raw) {
  const gmail = google.gmail({ version: 'v1', auth });
  return gmail.users.messages.send({ userId: 'me', requestBody: { raw } });
}

module.exports = { syncThreads, sendReply };
