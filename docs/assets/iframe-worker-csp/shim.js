// Web Workers for pages opened from disk (file://), where browsers refuse `new Worker(...)`.
// Material's offline search runs its index in a worker; this runs the worker's script in a hidden iframe
// instead. It does what iframe-worker (MIT, squidfunk; LICENSE beside this file) does, without writing an
// inline <script>: the site's Content-Security-Policy allows only script files, so the two worker functions
// (postMessage, importScripts) are given to the iframe from here and the worker script is loaded by its URL.
"use strict";
(function () {
  if (location.protocol !== "file:") return;

  function load(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      doc.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var self = this;
      this.url = String(url);
      this.iframe = document.createElement("iframe");
      this.iframe.hidden = true;
      document.body.appendChild(this.iframe);
      var inner = this.iframe.contentWindow, doc = inner.document;
      doc.open();
      doc.write("<!doctype html><html><body></body></html>");
      doc.close();
      inner.postMessage = function (data) { // the worker answering: a message event on this object
        setTimeout(function () {
          var message = new MessageEvent("message", { data: structuredClone(data) });
          self.dispatchEvent(message);
          if (self.onmessage) self.onmessage(message);
        });
      };
      inner.importScripts = function () {
        return Array.prototype.reduce.call(arguments, function (chain, src) {
          return chain.then(function () { return load(doc, src); });
        }, Promise.resolve());
      };
      this.ready = load(doc, this.url);
      this.ready.catch(function (error) {
        var event = new ErrorEvent("error", { message: "cannot load " + self.url, filename: self.url, error: error });
        self.dispatchEvent(event);
        if (self.onerror) self.onerror(event);
      });
    }
    postMessage(data) {
      var self = this;
      this.ready.then(function () {
        self.iframe.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
      });
    }
    terminate() {
      this.iframe.remove();
    }
  }
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
