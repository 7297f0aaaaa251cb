"""``{% memo "name" LANGUAGE_CODE … %}…{% endmemo %}``: a fragment rendered once per process for
each combination of its arguments.

For the parts of the page frame that change only with the language (and the login state).
Django's ``{% cache %}`` goes through the cache backend (a key digest and a pickle) on every
page; these fragments cannot change while a process runs — templates and translations ship
with a deploy — so a bounded cache in the process is enough. Never vary on what a person typed.
"""

from cachetools import LRUCache
from django import template

register = template.Library()

# A guard against a high-cardinality argument, never reached by design (languages × states).
_rendered: LRUCache = LRUCache(maxsize=1000)


class MemoNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context) -> str:
        key = (self.name, *(str(value.resolve(context)) for value in self.vary_on))
        html = _rendered.get(key)
        if html is None:
            html = _rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo %} needs a name.")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return MemoNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
