"""litbot's shipped data (model, survey README snapshot, samples, training inputs), installed as bot.shipped.

Read it through bot.paths, never by a path computed from a module's location.
"""
