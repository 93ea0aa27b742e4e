// CRLF line endings and tab indentation are kept in inserted lines.
"use strict";
const Bluebird = require('bluebird');

async function sendAll(messages) {
	const receipts = await Bluebird.mapSeries(messages, async (message) => {
		const receipt = await message.send();
		return receipt.id;
	});
	return receipts;
}

module.exports = { sendAll };
