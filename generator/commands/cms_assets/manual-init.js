// Loaded before decap-cms.js: eupages registers its file formats first, then starts the CMS.
window.CMS_MANUAL_INIT = true;
