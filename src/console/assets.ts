/**
 * The console's only assets, served by the app itself: no CDN, no web fonts (the system's CJK
 * font renders the Chinese), a few KB in all so a weak phone connection loads them at once.
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2733;background:#f3f5f7}
a{color:#0b63c5;text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#14486e;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.5rem 1rem}
header.top .brand{font-weight:700;font-size:1.1rem;color:#fff;margin-right:.5rem}
header.top nav{display:flex;flex-wrap:wrap;gap:.1rem .2rem;flex:1}
header.top nav a{color:#dbe8f4;padding:.3rem .55rem;border-radius:4px}
header.top nav a.on,header.top nav a:hover{background:#0e3655;color:#fff;text-decoration:none}
header.top .me{display:flex;align-items:center;gap:.5rem;font-size:.9rem;color:#dbe8f4}
header.top .me a{color:#dbe8f4}
header.top .me button{background:none;border:1px solid #6f93b3;color:#fff;padding:.15rem .5rem;border-radius:4px;cursor:pointer}
main{max-width:1120px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.3rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:1rem;margin-bottom:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.8rem}
.grid .card{margin:0}.grid .card p{margin:.25rem 0}
.stat{font-size:1.6rem;font-weight:700}.stat small{font-size:.85rem;font-weight:400;color:#5b6b7b}
.muted{color:#5b6b7b}.ok{color:#1d7a3a}.bad{color:#b42318}.warn{color:#9a6200}
.field{margin:0 0 .8rem;display:flex;flex-direction:column;gap:.2rem;border:0;padding:0}
.field label,.field legend{font-weight:600;font-size:.92rem;padding:0}
input[type=text],input[type=password],input[type=number],input[type=tel],input[type=date],input[type=time],input[type=datetime-local],input:not([type]),select,textarea{font:inherit;padding:.45rem .55rem;border:1px solid #b8c3cf;border-radius:4px;background:#fff;width:100%;max-width:32rem}
textarea{min-height:6rem}
.checks{flex-direction:row;flex-wrap:wrap;gap:.3rem .9rem}.checks legend{width:100%;margin-bottom:.2rem}
.check{font-weight:400!important;white-space:nowrap}.field>.check{white-space:normal}
.has-error input,.has-error select,.has-error textarea{border-color:#b42318;background:#fff6f5}
.error{color:#b42318;margin:.1rem 0 0;font-size:.9rem}
.form-error{background:#fff1f0;border:1px solid #f1b8b2;color:#8a1c12;padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}
.notice{background:#ecf7ef;border:1px solid #a9d8b6;color:#14532d;padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}
.hint{color:#5b6b7b}
.row{display:flex;flex-wrap:wrap;gap:0 1rem}.row>.field{flex:1 1 10rem}
.btn,button{font:inherit;background:#0b63c5;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer}
.btn.secondary,button.secondary{background:#e6ebf0;color:#1d2733}.btn.danger,button.danger{background:#b42318}
.btn.small,button.small{padding:.2rem .6rem;font-size:.88rem}
form.inline{display:inline}
.actions select,.actions input{width:auto}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.5rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.93rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e3e8ee;vertical-align:top}
th{background:#f0f3f6;font-weight:600;white-space:nowrap}
.badge{display:inline-block;white-space:nowrap;padding:0 .45rem;border-radius:9px;font-size:.8rem;background:#e6ebf0}
.badge.open,.badge.active,.badge.created,.badge.hired,.badge.completed,.badge.sent,.badge.delivered{background:#d9f2e1;color:#14532d}
.badge.draft,.badge.paused,.badge.contacted,.badge.skipped{background:#fdf0d5;color:#7a4b00}
.badge.error,.badge.cancelled,.badge.declined,.badge.failed,.badge.opted_out{background:#fde2df;color:#8a1c12}
.chart{margin:0 0 1rem;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.6rem .8rem}.chart figcaption{font-weight:600}
.chart svg{display:block;width:100%;max-width:640px;height:auto}.chart text{font-size:10px;fill:#5b6b7b}.chart .axis{stroke:#8a98a8}.chart .grid{stroke:#e3e8ee}
.chart .legend{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:.3rem 0;font-size:.88rem}.chart .legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
.chart details summary{cursor:pointer;color:#0b63c5;min-height:44px;display:flex;align-items:center}
.c-sent{fill:#5fa8e8;background:#5fa8e8}.c-delivered{fill:#1d7a3a;background:#1d7a3a}.c-failed{fill:#b42318;background:#b42318}.c-new{fill:#14486e;background:#14486e}
.c-replied{fill:#8e6bbf;background:#8e6bbf}.c-applied{fill:#d08a1c;background:#d08a1c}.c-hired{fill:#14486e;background:#14486e}.c-arrived{fill:#2a9d8f;background:#2a9d8f}.c-paid{fill:#1d7a3a;background:#1d7a3a}
.funnel td small{display:block;color:#5b6b7b;font-size:.78rem}.funnel td.n{white-space:nowrap}
.guide .steps{padding-left:1.3rem}.guide .steps li{margin:.5rem 0}.guide .steps .btn{margin-left:.4rem;min-height:44px;display:inline-flex;align-items:center}
.explain summary{cursor:pointer;color:#0b63c5;min-height:44px;display:flex;align-items:center}.explain p{margin:.2rem 0 .6rem;color:#3b4a5a}dfn{font-style:normal;border-bottom:1px dotted #5b6b7b}
.map{margin:0 0 1rem;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.6rem .8rem}.map figcaption{font-weight:600}.map svg{display:block;width:100%;max-width:760px;height:auto;background:#f6f8fa}.map text{font-size:11px;fill:#243443}.map .legend{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:.3rem 0;font-size:.88rem}.map .legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}.m-workers{fill:#5fa8e8;fill-opacity:.55;stroke:#14486e;stroke-width:1;background:#5fa8e8;border-radius:50%}.m-empty{fill:#8a98a8}.m-hiring{fill:#1d7a3a;background:#1d7a3a}.m-shop{fill:#fff;stroke:#1d7a3a;stroke-width:1.5;background:#fff;border:1.5px solid #1d7a3a}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 1rem}
.bar{display:block;width:100%;height:10px;background:#e6ebf0;border-radius:5px;overflow:hidden}
.bar .d{fill:#1d7a3a}.bar .s{fill:#5fa8e8}.bar .f{fill:#b42318}.bar .q{fill:#c9d3dd}
.narrow{max-width:30rem}.field-end{justify-content:flex-end}input.note{max-width:9rem}
.split{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
.preflight .big{font-size:2rem;font-weight:700}
.cal{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:2px}
.cal div{background:#fff;border:1px solid #e3e8ee;min-height:4.2rem;padding:.2rem;font-size:.8rem;overflow:hidden}
.cal .d{font-weight:600}.cal .h{min-height:0;background:none;border:0;font-weight:600;text-align:center}
.card>:first-child,.card>form>:first-child{margin-top:0}.cal .today{outline:2px solid #0b63c5}
.cal .run{display:block;background:#e3effb;border-radius:3px;margin-top:2px;padding:0 2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.login{max-width:22rem;margin:8vh auto}
.print-head{padding:.4rem 1rem;border-bottom:2px solid #1d2733;font-size:.9rem}.print-head p{margin:0}
body.print{background:#fff}body.print main{max-width:none}body.print a{color:inherit}td.blank{min-width:6rem}body.print td{border:1px solid #b8c3cf}
.filters .field{flex:1 1 9rem}.pager a{padding:.5rem .3rem;min-height:44px;display:inline-flex;align-items:center}
@media print{
 header.top,form,button,.btn,.no-print,.pager{display:none!important}
 body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.card{border:0;padding:0}
 a{color:inherit}.table-wrap{overflow:visible}table{font-size:10pt}th,td{padding:.2rem .3rem}tr{break-inside:avoid}
}
@media (max-width:720px){
 main{padding:.6rem}
 .split{grid-template-columns:minmax(0,1fr)}
 header.top{padding:.4rem .6rem}
 header.top nav{order:3;width:100%;flex:none;overflow-x:auto;flex-wrap:nowrap}
 header.top nav a{white-space:nowrap}
 h1{font-size:1.2rem}
 .cal div{min-height:3rem;font-size:.72rem}
 th,td{padding:.35rem .35rem}
 table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
 table.stack tr{border-bottom:2px solid #c9d3dd;padding:.4rem .2rem}
 table.stack td{border:0;padding:.15rem .2rem}
 table.stack td[data-label]::before{content:attr(data-label) "：";color:#5b6b7b;font-size:.85rem}
 table.stack td.pick::before{content:none}
 table.stack a[href^="tel:"]{display:inline-flex;align-items:center;min-height:44px;font-size:1.05rem}
 table.stack button,table.stack select,table.stack input:not([type=checkbox]),.bulk button,.bulk .pick-all{min-height:44px}
 table.stack button{padding:.5rem .9rem;font-size:.95rem;flex:1 1 auto}
 table.stack .actions{gap:.4rem}table.stack input.note{max-width:none;flex:1 1 100%}
 table.stack label.pick,.bulk label.pick-all{display:inline-flex;align-items:center;gap:.4rem;min-height:44px;min-width:44px}
 table.stack input[type=checkbox],.bulk input[type=checkbox]{width:24px;height:24px}
}
`;

/**
 * Progressive enhancement only: every page works without it. It (1) posts a form's current
 * values to its data-live URL as the user types and shows the answer (pre-flight, next runs),
 * (2) refreshes data-poll blocks (broadcast progress), (3) reads a chosen CSV file as bytes
 * so GBK files from Excel arrive intact, (4) shows only the schedule fields of the chosen kind.
 */
export const CONSOLE_JS = `
(function(){
function csrf(){var m=document.querySelector('meta[name=csrf-token]');return m?m.content:''}
function live(form){
  var url=form.getAttribute('data-live'),out=document.getElementById(form.getAttribute('data-live-target')),timer=null,seq=0,touched={};
  function run(){
    var body=new URLSearchParams(new FormData(form));body.delete('_csrf');var mine=++seq;
    out.setAttribute('aria-busy','true');
    fetch(url,{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded','csrf-token':csrf(),'accept':'application/json'},body:body,credentials:'same-origin'})
      .then(function(r){return r.json()}).then(function(j){
        if(mine!==seq)return;
        out.innerHTML=j.html||'';out.removeAttribute('aria-busy');
        var pf=out.querySelector('[data-would-alert]'),send=document.getElementById('send'),why=document.getElementById('send-nobody');
        if(pf&&send){var none=pf.getAttribute('data-would-alert')==='0';send.disabled=none;if(why)why.hidden=!none}
        form.querySelectorAll('[data-live-error]').forEach(function(e){e.remove()});
        var errs=j.errors||{};Object.keys(errs).forEach(function(k){
          var input=form.querySelector('[name="'+k+'"]');if(!input||!touched[k])return;
          var p=document.createElement('p');p.className='error';p.setAttribute('data-live-error',k);p.textContent=errs[k];
          (input.closest('.field')||input.parentNode).appendChild(p);
        });
      }).catch(function(){out.removeAttribute('aria-busy')});
  }
  // Errors show only for fields the person has touched, not for a form they have not filled yet.
  form.addEventListener('input',function(e){if(e.target.name)touched[e.target.name]=1;clearTimeout(timer);timer=setTimeout(run,350)});
  form.addEventListener('change',function(e){if(e.target.name)touched[e.target.name]=1;clearTimeout(timer);timer=setTimeout(run,100)});
  run();
}
function poll(el){
  var url=el.getAttribute('data-poll');
  setInterval(function(){
    fetch(url,{headers:{accept:'application/json'},credentials:'same-origin'}).then(function(r){return r.json()}).then(function(j){if(j.html!==undefined)el.innerHTML=j.html});
  },Number(el.getAttribute('data-poll-ms')||3000));
}
function csvFile(input){
  input.addEventListener('change',function(){
    var f=input.files&&input.files[0],target=document.getElementById(input.getAttribute('data-base64'));if(!f)return;
    var r=new FileReader();r.onload=function(){var b=new Uint8Array(r.result),s='';for(var i=0;i<b.length;i+=8192)s+=String.fromCharCode.apply(null,b.subarray(i,i+8192));target.value=btoa(s);
      var n=document.getElementById('f-filename');if(n)n.value=f.name};
    r.readAsArrayBuffer(f);
  });
}
function kinds(sel){
  function show(){document.querySelectorAll('[data-kind]').forEach(function(el){var on=el.getAttribute('data-kind')===sel.value;el.hidden=!on;el.querySelectorAll('input,select').forEach(function(i){i.disabled=!on})})}
  sel.addEventListener('change',show);show();
}
// What cannot be undone (a send, ending a reminder) asks first; a double click must not send a
// broadcast or an import twice.
// A bulk action's button asks its own question, with how many people are ticked.
function picked(form){return document.querySelectorAll('input[data-pick][form="'+form.id+'"]:checked').length}
document.addEventListener('submit',function(e){var s=e.submitter,q=(s&&s.getAttribute('data-confirm'))||e.target.getAttribute('data-confirm');
if(q&&e.target.classList.contains('bulk'))q='已选 '+picked(e.target)+' 人。'+q;
if(q&&!window.confirm(q)){e.preventDefault();return}var b=e.target.querySelectorAll('button');setTimeout(function(){b.forEach(function(x){x.disabled=true})},0)});
// 全选本页 ticks every row of the page; unticking a row unticks it (the page's ids go only with it).
document.querySelectorAll('input[data-pick-all]').forEach(function(all){var f=all.form;
  var rows=function(){return document.querySelectorAll('input[data-pick][form="'+f.id+'"]')};
  all.addEventListener('change',function(){rows().forEach(function(r){r.checked=all.checked})});
  rows().forEach(function(r){r.addEventListener('change',function(){if(!r.checked)all.checked=false})});
});
document.querySelectorAll('select[data-kinds]').forEach(kinds);
document.querySelectorAll('form[data-live]').forEach(live);
document.querySelectorAll('[data-poll]').forEach(poll);
document.querySelectorAll('input[data-base64]').forEach(csvFile);
})();
`;
