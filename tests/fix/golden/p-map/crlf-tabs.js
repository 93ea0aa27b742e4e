// CRLF line endings and tab indentation are kept in inserted lines.
"use strict";
const pMap = require('p-map');

async function sendAll(messages) {
	const receipts = await pMap(messages, async (message) => {
		const receipt = await message.send();
		return receipt.id;
	}, { concurrency: 8 });
	return receipts;
}

module.exports = { sendAll };
