// CRLF line endings and tab indentation are kept in inserted lines.
"use strict";

async function sendAll(messages) {
	const receipts = await Promise.all(messages.map(async (message) => {
		const receipt = await message.send();
		return receipt.id;
	}));
	return receipts;
}

module.exports = { sendAll };
