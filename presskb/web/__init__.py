"""presskb's Datasette plugin: page templates and the queries behind them."""
