// CRLF line endings and tab indentation are kept in inserted lines.
"use strict";

async function sendAll(messages) {
	const receipts = [];
	for (const message of messages) {
		const receipt = await message.send();
		receipts.push(await receipt.id);
	}
	return receipts;
}

module.exports = { sendAll };
