package main

// Content pools: realistic values that look suspicious to naive filters.

var names = []string{
	"Liam O'Brien", "Chiara D'Angelo", "Zoë Saldaña", "李小龙", "محمد عبد الله", "José Álvarez",
	"Renée Fleming", "Ólafur Arnalds", "Mary-Jane O'Neil", "Jean-Luc Picard", "Sinéad O'Connor",
	"Nguyễn Văn An", "Björk Guðmundsdóttir", "Дмитрий Шостакович", "Ng'ang'a Wambui", "D'Arcy McGee",
	"Siobhán Ní Bhriain", "Kōji Tanaka", "Søren Kierkegaard", "Dr. Anne-Marie Select", "Tom Union",
	"Grace O'Malley", "Jamal Al-Farsi", "Ana María de la Cruz", "Fatima Zahra", "Łukasz Żółw",
}

var prose = []string{
	"Please select the best option from the list below and click continue.",
	"We had a family reunion last summer; union members joined the picnic.",
	"Can you delete from my list the items I already bought?",
	"I'd like one or 1 more of these, if they're still in stock.",
	"Drop me a line when the order ships, thanks!",
	"Where did you select it from? The catalogue or the website?",
	"Update: the table is now booked for 8 people at 7pm.",
	"The shipment was delayed; we expect it tomorrow & apologize for the inconvenience.",
	"Insert the SIM card into the slot before you power on the device.",
	"Order by Friday to get free shipping (terms apply).",
	"My name is O'Hara and I can't log in since yesterday's update.",
	"Is it possible to exchange size M for size L? The sleeves are too short.",
	"Great product!!! 5/5 would buy again :) 👍🏽🎉",
	"Our café serves crème brûlée, jalapeño poppers and piña coladas.",
	"The meeting is at 10:30 -- please bring the Q3 report and the roadmap.",
	"Set the thermostat to 21°C and select 'eco' mode in the app.",
	"I paid $49.99 (incl. tax) but was charged twice; please refund one.",
	"Where is my order #A-10293? Tracking says 'in transit' since Monday.",
	"これは素晴らしい製品です。また購入します。",
	"这个产品很好用，推荐给大家！",
	"المنتج ممتاز وأنصح به بشدة",
	"שירות מצוין, תודה רבה!",
	"Не могу войти в аккаунт, помогите пожалуйста.",
	"Kindly note: select fields are mandatory; others are optional.",
	"Drop-off point changed to Gate 3 - Terminal B.",
	"50% off everything in store this weekend only!",
	"He said \"it's fine\" but I'm not so sure; can someone double-check?",
	"Use the promo code SPRING-2026 at checkout for 10% off.",
	"Between you and me, the union of both sets is larger than expected.",
	"We're hiring: Senior Engineer (remote), apply at careers page.",
	"Run a 5k on Saturday? Count me in -- or maybe the 10k.",
	"Tell me which one you select and I'll order it from the supplier.",
	"I want to cancel my subscription and delete my account, please.",
	"Rock & roll never dies; neither does jazz.",
	"The price is 1,299.00 EUR or 1.099,00 GBP depending on region.",
	"Meet at Joe's Diner @ 5 — bring snacks.",
	"Note to self: water the plants, call mom, file taxes.",
	"What's the difference between plan A and plan B?",
	"Temperature range: -20 to +45 degrees; humidity < 80%.",
	"Hi team, please review the attached doc and leave comments by EOD.",
	"Please select gift wrap; drop it at the back door.",
	"Item sold out; update the list and delete from the cart whatever is missing.",
	"Oops; delete that message, I sent it to the wrong group.",
	"Game over; insert coin to continue, or select another player.",
	"Closed on Sunday; create an appointment online instead.",
	"Price drop! Union members get an extra 5% -- select 'member' at checkout.",
	"Tables for 2 or 4; or 1 table for 6 if you call ahead.",
	"I'm 5'11\" and 180 lbs -- which size should I select?",
	"Replace (or repair) the filter every 3 months; truncate the hose if needed.",
	"Where's the exec summary? I'd like the 1-pager by 9am; cat will be out.",
	"Set alarm for 6:30; sleep 8 hours is the goal, ha.",
	"Can't log in: 'Invalid password' after reset -- tried 3 times.",
	"Schedule: Mon-Fri 9-17 | Sat 10-14 | Sun closed",
	"Use 'or' not 'and' in the search, e.g. red or blue.",
	"C:\\Users\\liam\\Documents\\invoice.pdf was attached by mistake.",
	"Temperature is 20 < x < 25 degrees; select a range.",
	"He wrote: \"<3 thanks!\" and left :)",
	"My username is root_beer_fan and my city is Cork; who else is going?",
	"Order #1029 | Total: 49.99 EUR | Status: shipped",
	"Call me at +353 1 234 5678 or drop by the shop.",
}

var markdown = []string{
	"## Release notes\n\n- Fixed login bug\n- Improved **performance** by 20%\n- See [docs](https://docs.example.com/v2)",
	"```js\nconst total = items.reduce((sum, item) => sum + item.price * item.qty, 0);\nconsole.log('Total:', total.toFixed(2));\n```",
	"```js\nfunction greet(name) {\n  return 'Hello, ' + name + '!';\n}\nexport default greet;\n```",
	"```go\nfunc Add(a, b int) int {\n\treturn a + b\n}\n```",
	"> Quote of the day: *Simplicity is prerequisite for reliability.*",
	"1. Preheat oven to 180°C\n2. Mix flour & sugar\n3. Bake for 25 min",
	"| Item | Qty | Price |\n|---|---|---|\n| Apple | 3 | 0.50 |\n| Pear | 2 | 0.75 |",
	"Use `npm install --save lodash` then import it with `import _ from 'lodash'`.",
	"```css\n.button { color: #fff; background: linear-gradient(#06f, #03c); }\n```",
	"```json\n{\"name\": \"demo\", \"version\": \"1.0.0\", \"private\": true}\n```",
}

var cmsHTML = []string{
	"<p>Welcome to our <strong>spring</strong> collection!</p>",
	"<h2>About us</h2><p>We are a family business since 1987.</p><ul><li>Quality</li><li>Service</li></ul>",
	"<p>Read more on <a href=\"https://blog.example.com/posts/42\">our blog</a>.</p>",
	"<p><em>Limited offer</em> &mdash; ends Sunday.</p><br><p>Terms &amp; conditions apply.</p>",
	"<blockquote>Best coffee in town.</blockquote><p>&ndash; Local Times</p>",
	"<table><tr><th>Size</th><th>Chest</th></tr><tr><td>M</td><td>96 cm</td></tr></table>",
}

var urls = []string{
	"https://shop.example.com/search?q=red+shoes&sort=price_asc&page=2",
	"https://www.example.org/articles/2026/11/union-negotiations?utm_source=newsletter&utm_medium=email",
	"https://maps.example.com/?ll=48.8584,2.2945&z=15",
	"https://cdn.example.net/images/products/sku-10293/large.jpg?v=1732550400",
	"https://example.com/callback?code=4%2F0AfJohXk&state=xyz123",
	"https://docs.example.com/guide#select-a-plan",
	"https://api.example.com/v1/orders?status=open&limit=50&offset=100",
}

var emails = []string{
	"liam.obrien@example.com", "chiara+shop@example.it", "jose.alvarez@correo.example.es",
	"support@example.org", "first.last@sub.example.co.uk", "o'hara@example.ie",
}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
	"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
	"okhttp/4.12.0", "curl/8.7.1", "python-requests/2.32.3", "Amazon CloudFront", "PostmanRuntime/7.42.0",
	"Go-http-client/2.0", "axios/1.7.7", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
}

var products = []string{
	"Trail Runner 3 – Men's", "Organic Green Tea (100 g)", "USB-C cable 2m / 60W", "Desk lamp \"Nova\"",
	"Kids' raincoat, size 4-5", "Cast-iron skillet 10\"", "Noise-cancelling headphones", "Yoga mat 6mm",
	"Select Blend Coffee 1kg", "Union Jack mug", "Drop-leaf table", "Update kit v2",
}

var cities = []string{"São Paulo", "Zürich", "Kraków", "Reykjavík", "München", "Québec", "東京", "Cork", "Düsseldorf", "Île-de-France"}

// thumbnail is a small PNG as a data URL, as image upload forms send it.
const thumbnail = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGklEQVR42mNk+M9Qz0AEYBxVSF+FAP5FDvcfRYWgAAAAAElFTkSuQmCC"

// jwt is an unsigned-looking but well-formed JWT (header.payload.signature).
const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEwMjkzIiwibmFtZSI6IkxpYW0gTydCcmllbiIsImlhdCI6MTczMjU1MDQwMH0.q8vUB9L0pD2rW1k3yX7f2nNdfA0mZ8S6c1eV4tKjH5o"
