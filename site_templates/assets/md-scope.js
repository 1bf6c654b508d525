// Material 9.8's first inline script (partials/javascripts/base.html), moved to a file so the
// Content-Security-Policy can allow it: its text held the page's base URL, which is now the
// data-md-scope attribute of this script's tag. The rest is Material's code as it was.
__md_scope=new URL(document.currentScript.getAttribute("data-md-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
